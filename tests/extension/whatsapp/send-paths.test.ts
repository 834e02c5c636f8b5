import { describe, expect, it } from 'vitest';
import {
  captionEditorContaining,
  describeSendOrigin,
  entryPointOf,
  findMediaSendButton,
  readForwardPicks,
  sendPathOfClick,
} from '../../../utils/whatsapp/send-paths';
import { loadFixture } from './fixtures';

const GENERATIONS = ['2024', '2026'] as const;
const iconIn = (doc: Document, scope: string, name: RegExp) =>
  [...doc.querySelectorAll(`${scope} [data-icon], ${scope} svg > title`)].find((e) => name.test(e.getAttribute('data-icon') ?? e.textContent ?? ''))!;
const sendIcon = (doc: Document, scope: string) => iconIn(doc, scope, /send/);
const dialogSendIcon = (doc: Document) => sendIcon(doc, '[role="dialog"]');

describe.each(GENERATIONS)('send paths on the %s markup', (gen) => {
  it('a click on the media editor send button is a media send', () => {
    const doc = loadFixture(`media-and-stickers-${gen}`);
    const hit = sendPathOfClick(dialogSendIcon(doc));
    expect(hit?.path).toBe('media');
    expect(hit?.element).toBe(findMediaSendButton(doc));
  });

  it('Enter in the caption is found by walking up, and the composer is not a caption', () => {
    const doc = loadFixture(`media-and-stickers-${gen}`);
    const paragraph = doc.querySelector('[role="dialog"] [contenteditable="true"] p')!;
    expect(captionEditorContaining(paragraph)?.getAttribute('contenteditable')).toBe('true');
    expect(captionEditorContaining(doc.querySelector('#main footer [contenteditable="true"] p'))).toBeNull();
  });

  it('a sticker or GIF sends on one click; the same click on the emoji tab only types', () => {
    const doc = loadFixture(`media-and-stickers-${gen}`);
    const item = doc.querySelector('#main [role="tabpanel"] [role="gridcell"] [role="button"] > *')!;
    expect(sendPathOfClick(item)?.path).toBe('expression');
    const tabs = [...doc.querySelectorAll('#main [role="tab"]')];
    tabs.forEach((t, i) => t.setAttribute('aria-selected', String(i === 0)));
    expect(sendPathOfClick(item)).toBeNull();
  });

  it('the send button of the recording bar is a voice send', () => {
    const doc = loadFixture(`forward-and-voice-${gen}`);
    expect(sendPathOfClick(sendIcon(doc, '#main footer'))?.path).toBe('voice');
  });

  it('the forward dialog send is a forward to the picked chats', () => {
    const doc = loadFixture(`forward-and-voice-${gen}`);
    const icon = dialogSendIcon(doc);
    expect(sendPathOfClick(icon)?.path).toBe('forward');
    expect(readForwardPicks(icon)).toEqual(gen === '2024' ? ['Bruno Costa', 'Grupo Vendas'] : ['Luca Verdi']);
  });

  it('attach, mic and expression buttons are entry points, not sends', () => {
    const doc = loadFixture(`media-and-stickers-${gen}`);
    const attach = iconIn(doc, '#main footer', /plus/).closest('button, [role="button"]')!;
    expect(sendPathOfClick(attach)).toBeNull();
    expect(entryPointOf(attach)).toBe('attach');
    const mic = iconIn(doc, '#main footer', /ptt|mic/);
    expect(entryPointOf(mic)).toBe('mic');
  });
});

describe('describeSendOrigin', () => {
  it('names where an unknown send button is and its icon, never its label', () => {
    const doc = loadFixture('forward-and-voice-2026');
    expect(describeSendOrigin(doc.querySelector('#main footer svg > title')!)).toBe('#main footer button icon wds-ic-delete');
  });
});

describe('a composer send is still a composer send', () => {
  it.each(['open-chat-2024', 'open-chat-2026'])('%s', (fixture) => {
    const doc = loadFixture(fixture);
    expect(sendPathOfClick(sendIcon(doc, '#main footer'))?.path).toBe('composer');
  });
});
