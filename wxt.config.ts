import { defineConfig } from 'wxt';

// Explicit imports only: utils/ is shared with the Node server, which has no auto-imports.
export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/i18n/module'],
  imports: false,
  manifest: ({ browser }) => ({
    // Chrome picks these from locales/ by the browser's language; the UI itself also follows the options page's choice.
    default_locale: 'en',
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    // notifications: desktop notices of what needs the rep (assignments, mentions, SLA); nothing else is asked for.
    permissions: ['storage', 'alarms', 'notifications'],
    // WhatsApp Web only: the team's own server answers the extension through CORS, so no host access is asked for it.
    host_permissions: ['https://web.whatsapp.com/*'],
    action: { default_title: '__MSG_extShortName__', default_icon: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' } },
    ...(browser === 'firefox' ? { browser_specific_settings: { gecko: { id: 'team-inbox@whatsapp-team-inbox.local', strict_min_version: '115.0' } } } : {}),
  }),
  hooks: {
    // `wxt build --mode demo` (npm run demo) also runs on the demo chat page served from this machine; store builds never do.
    'build:manifestGenerated': (wxt, manifest) => {
      if (wxt.config.mode !== 'demo') return;
      manifest.name = `${manifest.name} (demo)`;
      for (const cs of manifest.content_scripts ?? []) cs.matches = [...(cs.matches ?? []), 'http://127.0.0.1/*'];
    },
  },
});
