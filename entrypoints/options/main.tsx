import { createRoot } from 'react-dom/client';
import { QueryRoot } from '../../components/pages/QueryRoot';
import { OptionsApp } from './OptionsApp';
import '../../components/pages/page.css';

createRoot(document.getElementById('root')!).render(
  <QueryRoot>
    <OptionsApp />
  </QueryRoot>,
);
