import { createRoot } from 'react-dom/client';
import { QueryRoot } from '../../components/pages/QueryRoot';
import { PopupApp } from './PopupApp';
import '../../components/pages/page.css';

createRoot(document.getElementById('root')!).render(
  <QueryRoot>
    <PopupApp />
  </QueryRoot>,
);
