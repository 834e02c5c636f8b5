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
    expect(health.hooks.map((hook) => hook.name).slice(0, 12)).toEqual([
      'app',
      'chatList',
      'chatRows',
      'rowTitle',
      'openChat',
      'chatHeader',
      'messages',
      'composer',
      'sendButton',
      'attachButton',
      'micButton',
      'expressionButton',
    ]);
    // With text in the composer the mic gives way to the send button; no send overlay is open.
    for (const hook of health.hooks.filter((h) => h.name !== 'micButton' && h.status !== 'not-applicable'))
      expect(hook, hook.name).toMatchObject({ found: true, status: 'found', via: expect.any(String) });
    expect(health.hooks.filter((h) => h.status === 'missing')).toEqual([]);
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
    expect(statuses(checkAdapterHealth(loadFixture('chat-list-2026'), NOW))).toMatchObject({
      app: 'found',
      chatList: 'found',
      chatRows: 'found',
      rowTitle: 'found',
      openChat: 'not-applicable',
      chatHeader: 'not-applicable',
      messages: 'not-applicable',
      composer: 'not-applicable',
      sendButton: 'not-applicable',
      attachButton: 'not-applicable',
      micButton: 'not-applicable',
      expressionButton: 'not-applicable',
      uncoveredSend: 'not-applicable',
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
    expect(statuses(checkAdapterHealth(doc, NOW))).toMatchObject({
      chatHeader: 'missing',
      composer: 'missing',
      sendButton: 'not-applicable',
      messages: 'found',
    });
  });

  it.each(['2024', '2026'])('finds the media editor and the expression panel (%s)', (gen) => {
    expect(statuses(checkAdapterHealth(loadFixture(`media-and-stickers-${gen}`), NOW))).toMatchObject({
      attachButton: 'found',
      micButton: 'found',
      expressionButton: 'found',
      expressionItems: 'found',
      mediaCaption: 'found',
      mediaSendButton: 'found',
      voiceSendButton: 'not-applicable',
      forwardRows: 'not-applicable',
      forwardSendButton: 'not-applicable',
    });
  });

  it.each(['2024', '2026'])('finds the recording bar send and the forward dialog (%s)', (gen) => {
    expect(statuses(checkAdapterHealth(loadFixture(`forward-and-voice-${gen}`), NOW))).toMatchObject({
      voiceSendButton: 'found',
      forwardRows: 'found',
      forwardSendButton: 'found',
      attachButton: 'not-applicable',
      mediaCaption: 'not-applicable',
    });
  });

  it('reports a forward dialog whose send button is gone, and a media editor without its caption', () => {
    const forward = loadFixture('forward-and-voice-2026');
    forward.querySelector('[role="dialog"] > div:last-child')!.remove();
    expect(statuses(checkAdapterHealth(forward, NOW))).toMatchObject({ forwardRows: 'found', forwardSendButton: 'missing' });
    const media = loadFixture('media-and-stickers-2026');
    media.querySelector('[role="dialog"] [contenteditable]')!.remove();
    expect(statuses(checkAdapterHealth(media, NOW))).toMatchObject({ mediaCaption: 'missing' });
  });

  it('names the path a send slipped through', () => {
    const report = checkAdapterHealth(loadFixture('open-chat-2026'), NOW, '#main footer button icon wds-ic-rocket').hooks.find(
      (h) => h.name === 'uncoveredSend',
    );
    expect(report).toEqual({ name: 'uncoveredSend', found: false, status: 'missing', via: '#main footer button icon wds-ic-rocket' });
  });
});
