import { describe, expect, it } from 'vitest';
import { isGroupJid, isJid, parseDataId } from '../../../utils/whatsapp/parse-data-id';

describe('parseDataId', () => {
  it.each([
    [
      '1:1 incoming, @c.us',
      'false_923061400333@c.us_3A12F0908922EFDD735D',
      { fromMe: false, chatJid: '923061400333@c.us', msgId: '3A12F0908922EFDD735D', participant: null },
    ],
    [
      'group outgoing, @g.us',
      'true_120363020803854156@g.us_3EB0A819A9C7FD098D2D',
      { fromMe: true, chatJid: '120363020803854156@g.us', msgId: '3EB0A819A9C7FD098D2D', participant: null },
    ],
    [
      'group incoming with participant',
      'false_120363020803854156@g.us_3A5B8C2D1E0F9A8B7C6D_5511987654321@c.us',
      { fromMe: false, chatJid: '120363020803854156@g.us', msgId: '3A5B8C2D1E0F9A8B7C6D', participant: '5511987654321@c.us' },
    ],
    [
      'group participant as LID',
      'false_120363020803854156@g.us_A5F3C8E1B2D4967081C3E5A7B9D1F2E4_127600000000001@lid',
      { fromMe: false, chatJid: '120363020803854156@g.us', msgId: 'A5F3C8E1B2D4967081C3E5A7B9D1F2E4', participant: '127600000000001@lid' },
    ],
    [
      'migrated 1:1 chat, @lid',
      'true_127600000000001@lid_3EB0C3D2E1F0A9B8C7D6',
      { fromMe: true, chatJid: '127600000000001@lid', msgId: '3EB0C3D2E1F0A9B8C7D6', participant: null },
    ],
    [
      'legacy hyphenated group id',
      'false_5511987654321-1500000000@g.us_3A0D2F4B6C8E0A1B3C5D_5511912345678@c.us',
      { fromMe: false, chatJid: '5511987654321-1500000000@g.us', msgId: '3A0D2F4B6C8E0A1B3C5D', participant: '5511912345678@c.us' },
    ],
    [
      'status broadcast',
      'false_status@broadcast_3A9E8D7C6B5A4F3E2D1C_5511912345678@c.us',
      { fromMe: false, chatJid: 'status@broadcast', msgId: '3A9E8D7C6B5A4F3E2D1C', participant: '5511912345678@c.us' },
    ],
    ['bare iPhone id (2026)', '3A7C1E2B9D4F6A8B0C1D', { fromMe: null, chatJid: null, msgId: '3A7C1E2B9D4F6A8B0C1D', participant: null }],
    [
      'bare Android id (2026)',
      'A5F3C8E1B2D4967081C3E5A7B9D1F2E4',
      { fromMe: null, chatJid: null, msgId: 'A5F3C8E1B2D4967081C3E5A7B9D1F2E4', participant: null },
    ],
    ['surrounding whitespace', '  3EB0A819A9C7FD098D2D ', { fromMe: null, chatJid: null, msgId: '3EB0A819A9C7FD098D2D', participant: null }],
    ['unknown shape stays an opaque key', 'maybe_true_x', { fromMe: null, chatJid: null, msgId: 'maybe_true_x', participant: null }],
  ])('%s', (_label, input, expected) => {
    expect(parseDataId(input)).toEqual(expected);
  });

  it.each([null, undefined, '', '   '])('returns null for %j', (input) => {
    expect(parseDataId(input)).toBeNull();
  });
});

describe('JID helpers', () => {
  it.each([
    ['15551234567@c.us', true, false],
    ['120363020803854156@g.us', true, true],
    ['127600000000001@lid', true, false],
    ['3A7C1E2B9D4F6A8B0C1D', false, false],
    ['false_15551234567@c.us_3A12', false, false],
  ])('%s: jid %s, group %s', (value, jid, group) => {
    expect(isJid(value)).toBe(jid);
    expect(isGroupJid(value)).toBe(group);
  });
});
