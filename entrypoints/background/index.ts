import { browser, defineBackground } from '#imports';
import { AppDb } from '../../utils/db/app-db';
import { followLocaleSetting } from '../../utils/i18n/locale-setting';
import { TAB_PORT } from '../../utils/messaging';
import { InboxBackground } from './inbox-background';
import { registerMessageHandlers } from './message-handlers';

const KEEPALIVE_ALARM = 'inbox-keepalive';

export default defineBackground(() => {
  // Notifications speak the language the rep chose on the options page.
  void followLocaleSetting();
  const inbox = new InboxBackground(new AppDb());
  registerMessageHandlers(inbox);
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== TAB_PORT) return;
    // The tab's heartbeat is extension activity: it keeps this worker (and its feed socket) alive.
    inbox.tabs.add(port);
  });
  // A new install starts where a person has to act: the options page, to sign in.
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.runtime.openOptionsPage();
  });
  browser.alarms.create(KEEPALIVE_ALARM, { periodInMinutes: 0.5 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== KEEPALIVE_ALARM) return;
    void inbox.ensureConnected();
    void inbox.presence.heartbeat();
  });
});
