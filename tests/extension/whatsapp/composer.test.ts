import { describe, expect, it } from 'vitest';
import {
  composerContaining,
  composerHasText,
  composerIsBlank,
  composerText,
  findComposer,
  findSendButton,
  isSendButton,
  SEND_BUTTON_STRUCTURAL,
} from '../../../utils/whatsapp/composer';
import { loadFixture } from './fixtures';

describe.each([
  ['2024', 'open-chat-2024', 'composer-empty-2024', 'Olá, tudo bem?', '#main footer [data-icon="send"]'],
  ['2026', 'open-chat-2026', 'composer-empty-2026', 'Buongiorno, vi aggiorno\na breve', '#main footer svg > title /^wds-ic-send/'],
])('composer, %s', (_generation, withText, empty, text, via) => {
  it('finds the Lexical editor in #main footer and reads its paragraphs', () => {
    const doc = loadFixture(withText);
    const editor = findComposer(doc).element!;
    expect(editor.getAttribute('data-lexical-editor')).toBe('true');
    expect(composerText(editor)).toBe(text);
    expect(composerHasText(doc)).toBe(true);
    expect(composerIsBlank(editor)).toBe(false);
  });

  it('finds the editor from a keystroke target inside it (a paragraph, a text node), and nothing from elsewhere', () => {
    const doc = loadFixture(withText);
    const editor = findComposer(doc).element!;
    const paragraph = editor.querySelector('p')!;
    expect(composerContaining(editor)).toBe(editor);
    expect(composerContaining(paragraph)).toBe(editor);
    expect(composerContaining(paragraph.firstChild)).toBe(editor);
    expect(composerContaining(doc.querySelector('#main footer button'))).toBeNull();
    expect(composerContaining(doc.querySelector('#main header'))).toBeNull();
    expect(composerContaining(null)).toBeNull();
  });

  it('finds the send button while there is text', () => {
    const doc = loadFixture(withText);
    const hit = findSendButton(doc);
    expect(hit.element?.localName).toBe('button');
    expect(hit.via).toBe(via);
  });

  it('recognises a click on the button, its icon or an svg path as a send click', () => {
    const doc = loadFixture(withText);
    const button = findSendButton(doc).element!;
    expect(isSendButton(button)).toBe(true);
    expect(isSendButton(button.querySelector('path')!)).toBe(true);
    expect(isSendButton(findComposer(doc).element!)).toBe(false);
    expect(isSendButton(doc.querySelector('#main footer button')!)).toBe(false);
  });

  it('has no send button while the editor is empty, and the mic is not one', () => {
    const doc = loadFixture(empty);
    const editor = findComposer(doc).element!;
    expect(composerText(editor)).toBe('');
    expect(composerHasText(doc)).toBe(false);
    expect(composerIsBlank(editor)).toBe(true);
    expect(findSendButton(doc)).toEqual({ element: null, via: null });
    const footerButtons = doc.querySelectorAll('#main footer button');
    expect(isSendButton(footerButtons[footerButtons.length - 1]!)).toBe(false);
  });

  it('falls back to the last footer button when every icon hook is gone but there is text', () => {
    const doc = loadFixture(withText);
    doc.querySelectorAll('#main footer [data-icon], #main footer [data-testid], #main footer svg > title').forEach((node) => {
      node.removeAttribute('data-icon');
      node.removeAttribute('data-testid');
      if (node.localName === 'title') node.remove();
    });
    const hit = findSendButton(doc);
    expect(hit.via).toBe(SEND_BUTTON_STRUCTURAL);
    expect(isSendButton(hit.element!)).toBe(true);
  });
});

describe('composer traps', () => {
  it('never takes the 2024 contenteditable search box for the composer', () => {
    const doc = loadFixture('chat-list-2024');
    expect(findComposer(doc)).toEqual({ element: null, via: null });
    expect(composerContaining(doc.querySelector('[contenteditable="true"]'))).toBeNull();
  });

  it('finds the editor by data-lexical-editor or data-tab when its role is gone', () => {
    const doc = loadFixture('open-chat-2026');
    const editor = doc.querySelector('#main footer [role="textbox"]')!;
    editor.removeAttribute('role');
    expect(findComposer(doc)).toEqual({ element: editor, via: '#main footer [data-lexical-editor]' });
    editor.removeAttribute('data-lexical-editor');
    expect(findComposer(doc).via).toBe('#main footer [data-tab="10"]');
  });
});

describe('composerIsBlank', () => {
  const editorWith = (html: string) => {
    const editor = document.createElement('div');
    editor.setAttribute('contenteditable', 'true');
    editor.innerHTML = html;
    return editor;
  };

  it('agrees with composerText on what counts as text', () => {
    const cases: Array<[string, boolean]> = [
      ['<p><br></p>', true],
      ['<p>   </p><p><br></p>', true],
      ['<p><span>hola</span></p>', false],
      ['<p><img alt="🙂" src="data:,"></p>', false],
      ['<p><svg><title>icon</title></svg></p>', true],
      ['<p><svg><title>icon</title></svg>ok</p>', false],
    ];
    for (const [html, blank] of cases) {
      const editor = editorWith(html);
      expect([html, composerIsBlank(editor)]).toEqual([html, blank]);
      expect(composerIsBlank(editor)).toBe(composerText(editor).trim() === '');
    }
  });
});
