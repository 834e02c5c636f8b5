import { createRoot } from 'react-dom/client';
import { QueryRoot } from '../../components/pages/QueryRoot';
import { SettingsApp } from './SettingsApp';
import '../../components/pages/page.css';
import '../../components/settings/settings.css';
import { followLocaleSetting } from '../../utils/i18n/locale-setting';

// Drawn once the language is known, so the page never flashes in the wrong one.
void followLocaleSetting().then(() =>
  createRoot(document.getElementById('root')!).render(
    <QueryRoot>
      <SettingsApp />
    </QueryRoot>,
  ),
);
