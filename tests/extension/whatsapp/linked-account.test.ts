import { describe, expect, it } from 'vitest';
import { readLinkedNumber, type StorageLike } from '../../../utils/whatsapp/linked-account';

function storage(values: Record<string, string>): StorageLike {
  return { getItem: (key) => values[key] ?? null };
}

describe('readLinkedNumber', () => {
  it.each([
    ['multi-device, JSON-quoted', { 'last-wid-md': '"393331234567:12@c.us"' }, '393331234567'],
    ['multi-device, unquoted', { 'last-wid-md': '393331234567:3@c.us' }, '393331234567'],
    ['older last-wid', { 'last-wid': '"5511987654321@c.us"' }, '5511987654321'],
    ['wire server name', { 'last-wid': '"5511987654321@s.whatsapp.net"' }, '5511987654321'],
    ['last-wid-md wins over last-wid', { 'last-wid-md': '"393331234567:12@c.us"', 'last-wid': '"15550109999@c.us"' }, '393331234567'],
    ['a LID is not a phone number: fall back to last-wid', { 'last-wid-md': '"127600000000001:4@lid"', 'last-wid': '"15550109999@c.us"' }, '15550109999'],
    ['only a LID', { 'last-wid-md': '"127600000000001:4@lid"' }, null],
    ['not logged in', {}, null],
    ['garbage', { 'last-wid-md': '{"broken"', 'last-wid': 'null' }, null],
  ])('%s', (_label, values, expected) => {
    expect(readLinkedNumber(storage(values))).toBe(expected);
  });

  it('reads a real Storage object', () => {
    localStorage.setItem('last-wid-md', '"393331234567:12@c.us"');
    expect(readLinkedNumber(localStorage)).toBe('393331234567');
    localStorage.clear();
  });
});
