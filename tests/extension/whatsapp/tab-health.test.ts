import { afterEach, describe, expect, it } from 'vitest';
import { onTabHealthChange } from '../../../entrypoints/whatsapp.content/tab-health';
import { watchPage, type PageWatch } from '../../../utils/whatsapp/page-watch';
import { fixtureHtml } from './fixtures';

/** MutationObserver callbacks run as microtasks after the change; a macrotask later they have all run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('onTabHealthChange: the tab says at once when it can answer', () => {
  let page: PageWatch | null = null;
  afterEach(() => page?.stop());

  it.each(['chat-list-2024', 'chat-list-2026'])('%s: the list rendering after the page loaded, then going, is told each time, once', async (fixture) => {
    const loaded = new DOMParser().parseFromString(fixtureHtml(fixture), 'text/html');
    const pane = loaded.getElementById('pane-side')!;
    const holder = pane.parentElement!;
    pane.remove();
    // WhatsApp still loading: the app is there, its chat list not yet.
    document.body.innerHTML = loaded.body.innerHTML;
    page = watchPage(document);
    const told: boolean[] = [];
    const stop = onTabHealthChange(page, (healthy) => told.push(healthy));
    expect(told).toEqual([]);
    const place = (holder.id && document.getElementById(holder.id)) || document.getElementById('app')!;
    place.append(document.importNode(pane, true));
    await settle();
    expect(told).toEqual([true]);
    // Changes inside the list are not a change of health.
    document.querySelector('#pane-side span[title]')!.setAttribute('title', 'Renamed');
    await settle();
    expect(told).toEqual([true]);
    document.getElementById('pane-side')!.remove();
    await settle();
    expect(told).toEqual([true, false]);
    stop();
  });
});
