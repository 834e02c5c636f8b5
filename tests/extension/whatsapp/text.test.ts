import { describe, expect, it } from 'vitest';
import { cleanTitle, firstInteger, plainText, titleKey } from '../../../utils/whatsapp/text';

describe('titles', () => {
  it.each([
    ['\u202AAna Souza\u202C', 'Ana Souza', 'ana souza'],
    ['  \u200EGiulia   Bianchi\u200F ', 'Giulia   Bianchi', 'giulia bianchi'],
    ['\u202A+39 333 123 4567\u202C', '+39 333 123 4567', '393331234567'],
    ['+1 (555) 010-9999', '+1 (555) 010-9999', '15550109999'],
    ['Team 2024', 'Team 2024', 'team 2024'],
    ['2024', '2024', '2024'],
    ['Cafe\u0301 Centrale', 'Cafe\u0301 Centrale', 'caf\u00e9 centrale'],
    ['<img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>'],
  ])('%j → title %j, key %j', (raw, title, key) => {
    expect(cleanTitle(raw)).toBe(title);
    expect(titleKey(raw)).toBe(key);
  });
});

describe('firstInteger', () => {
  it.each([
    ['3 unread messages', 3],
    ['12 messaggi non letti', 12],
    ['1 mensagem não lida', 1],
    ['Nachrichten: 27 ungelesen', 27],
    ['٣ رسائل غير مقروءة', 3],
    ['१२ अपठित संदेश', 12],
    ['Segnata come da leggere', null],
    ['', null],
    [null, null],
  ])('%j → %j', (text, expected) => {
    expect(firstInteger(text)).toBe(expected);
  });
});

describe('plainText', () => {
  it('keeps emoji alt text and line breaks, skips icon titles and never parses markup', () => {
    const host = document.createElement('div');
    host.innerHTML = 'Ciao <img alt="&#x1F44B;" src="data:,"><br>&lt;b&gt;x&lt;/b&gt;<svg><title>wds-ic-read</title></svg>';
    expect(plainText(host)).toBe('Ciao \u{1F44B}\n<b>x</b>');
  });
});
