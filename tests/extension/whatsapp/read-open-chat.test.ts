import { describe, expect, it } from 'vitest';
import { readOpenChat, readUnknownMessages, type OpenChat } from '../../../utils/whatsapp/read-open-chat';
import { loadFixture } from './fixtures';

function openChat(doc: Document): OpenChat {
  const chat = readOpenChat(doc);
  if (!chat) throw new Error('no open chat');
  return chat;
}

function messageSummary(chat: OpenChat) {
  return chat.messages.map(({ id, chatJid, participant, direction, prePlainText, text }) => ({ id, chatJid, participant, direction, prePlainText, text }));
}

describe('readOpenChat, 2024 (prefixed data-id, message-in/out, Portuguese)', () => {
  const doc = loadFixture('open-chat-2024');
  const chat = openChat(doc);

  it('reads the header title from its title attribute, not the avatar or subtitle titles', () => {
    expect(chat).toMatchObject({ title: 'Ana Souza', titleKey: 'ana souza', isGroup: false, chatJid: '5511987654321@c.us' });
    expect(chat.header).toBe(doc.querySelector('#main > header'));
  });

  it('reads every message, skipping the date separator row', () => {
    const jid = '5511987654321@c.us';
    expect(messageSummary(chat)).toEqual([
      {
        id: '3A12F0908922EFDD735D',
        chatJid: jid,
        participant: null,
        direction: 'in',
        prePlainText: '[10:54, 27/08/2024] Ana Souza: ',
        text: 'Oi! Preciso de ajuda com o pedido <script>alert("x")</script>',
      },
      { id: '3A5B8C2D1E0F9A8B7C6D', chatJid: jid, participant: null, direction: 'in', prePlainText: null, text: '' },
      {
        id: '3EB0A819A9C7FD098D2D',
        chatJid: jid,
        participant: null,
        direction: 'out',
        prePlainText: '[10:56, 27/08/2024] Loja Exemplo: ',
        text: 'Claro! Qual é o número do pedido? \u{1F60A}',
      },
      {
        id: '3EB0C3D2E1F0A9B8C7D6',
        chatJid: jid,
        participant: null,
        direction: 'out',
        prePlainText: '[10:56, 27/08/2024] Loja Exemplo: ',
        text: 'Vou verificar agora.',
      },
    ]);
  });

  it('keeps message text inert', () => {
    expect(doc.querySelectorAll('#main script')).toHaveLength(0);
  });

  it('falls back to the message-in/out classes when data-id is bare', () => {
    const bare = loadFixture('open-chat-2024');
    bare.querySelectorAll('[data-id]').forEach((node) => node.setAttribute('data-id', node.getAttribute('data-id')!.split('_')[2]!));
    const result = openChat(bare);
    expect(result.chatJid).toBeNull();
    expect(result.messages.map((message) => message.direction)).toEqual(['in', 'in', 'out', 'out']);
  });

  it('falls back to tails, then ticks, then the block it belongs to, when data-id and classes give nothing', () => {
    const stripped = loadFixture('open-chat-2024');
    stripped.querySelectorAll('[data-id]').forEach((node) => node.setAttribute('data-id', 'X'));
    stripped.querySelectorAll('.message-in, .message-out').forEach((node) => node.classList.remove('message-in', 'message-out'));
    expect(openChat(stripped).messages.map((message) => message.direction)).toEqual(['in', 'in', 'out', 'out']);
  });
});

describe('readOpenChat, 2026 (bare data-id, no direction classes, drawer trap, Italian)', () => {
  const doc = loadFixture('open-chat-2026');
  const chat = openChat(doc);

  it('takes the conversation header, never the drawer header, and reads a title without a title attribute', () => {
    expect(doc.querySelectorAll('#main header')).toHaveLength(2);
    expect(doc.querySelector('#main header span[title]')?.getAttribute('title')).toMatch(/^Marco Gialli/);
    expect(chat.title).toBe('Squadra Vendite');
    expect(chat.header?.getAttribute('data-testid')).toBe('conversation-header');
  });

  it('recognises the group from its placeholder avatar; no JID is available', () => {
    expect(chat).toMatchObject({ isGroup: true, chatJid: null });
  });

  it('infers direction from tails and svg tick titles, else from the bubble before it in the block', () => {
    expect(messageSummary(chat)).toEqual([
      {
        id: '3A7C1E2B9D4F6A8B0C1D',
        chatJid: null,
        participant: null,
        direction: 'in',
        prePlainText: '[11:23, 27/8/2026] Marco Gialli: ',
        text: 'Buongiorno a tutti',
      },
      {
        id: '3AF19C0B7E2D4A6C8B0E',
        chatJid: null,
        participant: null,
        direction: 'in',
        prePlainText: '[11:25, 27/8/2026] <img src=x onerror=alert(1)>: ',
        text: 'Quando arriva la consegna?',
      },
      {
        id: 'A5F3C8E1B2D4967081C3E5A7B9D1F2E4',
        chatJid: null,
        participant: null,
        direction: 'out',
        prePlainText: '[11:30, 27/8/2026] Mario Rossi: ',
        text: '<script>alert("x")</script> domani',
      },
      {
        id: 'A59B1D3F5E7C9A2B4D6F8E0C1A3B5D7F',
        chatJid: null,
        participant: null,
        direction: 'out',
        prePlainText: '[11:30, 27/8/2026] Mario Rossi: ',
        text: 'Vi aggiorno appena ho notizie',
      },
      {
        id: 'A5C7E9B1D3F5A7C9E1B3D5F7A9C1E3B5',
        chatJid: null,
        participant: null,
        direction: 'out',
        prePlainText: '[11:31, 27/8/2026] Mario Rossi: ',
        text: 'Ecco il listino aggiornato',
      },
    ]);
  });

  it('counts a message once although msg-container is nested in it', () => {
    expect(chat.messages.map((message) => message.element.getAttribute('data-testid'))).toEqual(
      Array.from(doc.querySelectorAll('[data-testid^="conv-msg-"]')).map((node) => node.getAttribute('data-testid')),
    );
  });

  it('reads a prefixed group data-id when a build still renders one', () => {
    const prefixed = loadFixture('open-chat-2026');
    const first = prefixed.querySelector('[data-id]')!;
    first.setAttribute('data-id', 'false_120363020803854156@g.us_3A7C1E2B9D4F6A8B0C1D_393331234567@c.us');
    prefixed.querySelector('svg > title')!.textContent = 'default-user-refreshed';
    const result = openChat(prefixed);
    expect(result).toMatchObject({ chatJid: '120363020803854156@g.us', isGroup: true });
    expect(result.messages[0]).toMatchObject({ participant: '393331234567@c.us', direction: 'in' });
  });

  it('finds messages by their conv-msg test id, or by data-id on the row itself', () => {
    const byTestId = loadFixture('open-chat-2026');
    byTestId.querySelectorAll('[data-id]').forEach((node) => node.removeAttribute('data-id'));
    expect(openChat(byTestId).messages.map((message) => message.id)[0]).toBe('3A7C1E2B9D4F6A8B0C1D');
    const onRow = loadFixture('open-chat-2026');
    onRow.querySelectorAll('[data-id]').forEach((node) => {
      node.parentElement!.setAttribute('data-id', node.getAttribute('data-id')!);
      node.removeAttribute('data-id');
      node.removeAttribute('data-testid');
    });
    expect(openChat(onRow).messages.map((message) => message.direction)).toEqual(['in', 'in', 'out', 'out', 'out']);
  });
});

describe('readOpenChat, other states', () => {
  it('returns null when no chat is open', () => {
    expect(readOpenChat(loadFixture('chat-list-2026'))).toBeNull();
  });

  it('reads the 2026 header of an empty composer page', () => {
    expect(openChat(loadFixture('composer-empty-2026'))).toMatchObject({ title: 'Luca Verdi', isGroup: false, chatJid: null });
  });

  it('reads from a new #main after a chat switch', () => {
    const doc = loadFixture('open-chat-2024');
    const fresh = loadFixture('composer-empty-2026').querySelector('#main')!;
    doc.querySelector('#main')!.replaceWith(doc.importNode(fresh, true));
    expect(openChat(doc).title).toBe('Luca Verdi');
  });
});

describe('readOpenChat, a block that starts without any signal', () => {
  it('leaves leading bubbles unknown until a signal appears', () => {
    const doc = loadFixture('open-chat-2026');
    doc.querySelectorAll('[data-icon^="tail-"]').forEach((node) => node.remove());
    doc.querySelectorAll('svg title').forEach((node) => node.remove());
    doc.querySelectorAll('[aria-label]').forEach((node) => node.closest('[data-id], [data-testid^="conv-msg-"]') && node.removeAttribute('aria-label'));
    expect(openChat(doc).messages.every((message) => message.direction === 'unknown')).toBe(true);
  });
});

describe('readUnknownMessages: only the messages not seen yet, read exactly as readOpenChat reads them', () => {
  const variants: Array<[string, () => Document]> = [
    ['2024', () => loadFixture('open-chat-2024')],
    ['2026', () => loadFixture('open-chat-2026')],
    [
      '2026 without tails or ticks',
      () => {
        const doc = loadFixture('open-chat-2026');
        doc.querySelectorAll('[data-icon^="tail-"]').forEach((node) => node.remove());
        return doc;
      },
    ],
  ];
  it.each(variants)('%s: every suffix of the history, with the earlier messages known', (_, load) => {
    const doc = load();
    const all = openChat(doc).messages.filter((message) => message.id !== null);
    expect(all.length).toBeGreaterThan(2);
    for (let seen = 0; seen <= all.length; seen++) {
      const known = new Set(all.slice(0, seen).map((message) => message.id!));
      expect(readUnknownMessages(doc, (id) => known.has(id))).toEqual(all.slice(seen));
    }
  });

  it('reads nothing when everything is known, and nothing when no chat is open', () => {
    const doc = loadFixture('open-chat-2026');
    expect(readUnknownMessages(doc, () => true)).toEqual([]);
    expect(readUnknownMessages(loadFixture('chat-list-2026'), () => false)).toEqual([]);
  });
});
