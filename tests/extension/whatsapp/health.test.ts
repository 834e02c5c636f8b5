import { describe, expect, it } from 'vitest';
import { checkAdapterHealth, type AdapterHealth, type HookStatus } from '../../../utils/whatsapp/health';
import { loadFixture } from './fixtures';

const NOW = new Date('2026-08-27T09:30:00.000Z');

function statuses(health: AdapterHealth): Record<string, HookStatus> {
  return Object.fromEntries(health.hooks.map((hook) => [hook.name, hook.status]));
}

describe('checkAdapterHealth', () => {
  it.each(['open-chat-2024', 'open-chat-2026'])('finds every hook on %s', (fixture) => {
    const health = checkAdapterHealth(loadFixture(fixture), NOW);
    expect(health.checkedAt).toBe('2026-08-27T09:30:00.000Z');
    expect(health.hooks.map((hook) => hook.name)).toEqual(['app', 'chatList', 'chatRows', 'rowTitle', 'openChat', 'chatHeader', 'messages', 'composer', 'sendButton']);
    for (const hook of health.hooks) expect(hook, hook.name).toMatchObject({ found: true, status: 'found', via: expect.any(String) });
  });

  it('says which alternative matched', () => {
    const vias = (fixture: string) => Object.fromEntries(checkAdapterHealth(loadFixture(fixture), NOW).hooks.map((hook) => [hook.name, hook.via]));
    expect(vias('chat-list-2024')).toMatchObject({ chatRows: '#pane-side [role="listitem"]', rowTitle: 'span[dir="auto"][title]' });
    expect(vias('chat-list-2026')).toMatchObject({ chatRows: '#pane-side [role="row"]', rowTitle: '[role="gridcell"][aria-colindex="2"] span[title]' });
  });

  it('reports #pane-side missing once it is gone', () => {
    const doc = loadFixture('open-chat-2026');
    doc.querySelector('#pane-side')!.remove();
    expect(statuses(checkAdapterHealth(doc, NOW))).toMatchObject({ chatList: 'missing', chatRows: 'missing', rowTitle: 'not-applicable', chatHeader: 'found' });
  });

  it('marks conversation hooks not applicable while no chat is open', () => {
    expect(statuses(checkAdapterHealth(loadFixture('chat-list-2026'), NOW))).toEqual({
      app: 'found', chatList: 'found', chatRows: 'found', rowTitle: 'found',
      openChat: 'not-applicable', chatHeader: 'not-applicable', messages: 'not-applicable', composer: 'not-applicable', sendButton: 'not-applicable',
    });
  });

  it.each(['composer-empty-2024', 'composer-empty-2026'])('marks the send button not applicable while the editor is empty (%s)', (fixture) => {
    const report = checkAdapterHealth(loadFixture(fixture), NOW).hooks.find((hook) => hook.name === 'sendButton');
    expect(report).toEqual({ name: 'sendButton', found: false, status: 'not-applicable', via: null });
  });

  it('reports a broken header and composer as missing while a chat is open', () => {
    const doc = loadFixture('open-chat-2024');
    doc.querySelector('#main > header')!.remove();
    doc.querySelector('#main footer')!.remove();
    expect(statuses(checkAdapterHealth(doc, NOW))).toMatchObject({ chatHeader: 'missing', composer: 'missing', sendButton: 'not-applicable', messages: 'found' });
  });
});
