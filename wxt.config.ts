import { defineConfig } from 'wxt';

// Explicit imports only: utils/ is shared with the Node server, which has no auto-imports.
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  imports: false,
  manifest: {
    name: 'Team Inbox for WhatsApp Web',
    description: 'Shared ownership, reply locks, context and SLAs for a team on one WhatsApp number.',
    permissions: ['storage', 'alarms'],
    host_permissions: ['https://web.whatsapp.com/*', 'http://127.0.0.1/*', 'http://localhost/*'],
  },
});
