// The number this WhatsApp Web tab is linked to, from the page origin's localStorage (whatsapp-web-dom.md 6).

/** Anything with Storage's getItem (window.localStorage, or a stub in tests). */
export type StorageLike = Pick<Storage, 'getItem'>;

// "<digits>:<device>@c.us" (multi-device, last-wid-md) or "<digits>@c.us" (last-wid); @s.whatsapp.net on the wire.
const PHONE_WID = /^(\d{5,20})(?::\d+)?@(?:c\.us|s\.whatsapp\.net)$/;
const KEYS = ['last-wid-md', 'last-wid'] as const;

// Values are JSON-quoted strings; tolerate unquoted ones too.
function unquote(raw: string): string {
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'string' ? parsed : raw;
  } catch {
    return raw;
  }
}

/** Digits of the linked phone number, or null when the tab is not logged in (or only a LID is stored). */
export function readLinkedNumber(storage: StorageLike): string | null {
  for (const key of KEYS) {
    const raw = storage.getItem(key);
    if (!raw) continue;
    const match = PHONE_WID.exec(unquote(raw).trim());
    if (match?.[1]) return match[1];
  }
  return null;
}
