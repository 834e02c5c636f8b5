import { browser } from '#imports';

/** Opens the Settings page in a tab (the popup closes when it loses focus; a tab stays). */
export const openSettingsPage = () => browser.tabs.create({ url: browser.runtime.getURL('/settings.html') });
