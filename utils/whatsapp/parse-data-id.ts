// Message data-id parsing (whatsapp-web-dom.md 4.3): WhatsApp's MsgKey serialisation, or a bare id (2026).

/** A parsed message data-id. Bare ids (2026) carry only `msgId`; never require the JID. */
export interface DataId {
  /** true_/false_ prefix: sent from this account; null for bare ids. */
  readonly fromMe: boolean | null;
  /** The chat's JID (`…@c.us`, `…@g.us`, `…@lid`, …); null for bare ids. */
  readonly chatJid: string | null;
  readonly msgId: string;
  /** Group messages: the author's JID. */
  readonly participant: string | null;
}

// A JID: user part without "_" or "@", then a server such as c.us, g.us, lid, s.whatsapp.net, broadcast, newsletter.
const JID = '[^_@\\s]+@[a-z][a-z.]*';
// `${fromMe}_${chatJid}_${msgId}` plus `_${participant}` for groups (wa-js MsgKey, re-confirmed 2026-07).
const PREFIXED = new RegExp(`^(true|false)_(${JID})_([^_\\s]+)(?:_(${JID}))?$`);
const JID_ONLY = new RegExp(`^${JID}$`);

export function parseDataId(dataId: string | null | undefined): DataId | null {
  const value = (dataId ?? '').trim();
  if (value === '') return null;
  const match = PREFIXED.exec(value);
  if (match) {
    const [, fromMe, chatJid, msgId, participant] = match;
    return { fromMe: fromMe === 'true', chatJid: chatJid ?? null, msgId: msgId ?? value, participant: participant ?? null };
  }
  // Bare (2026) or an unknown shape: the whole value is still a stable message key.
  return { fromMe: null, chatJid: null, msgId: value, participant: null };
}

/** True for a plain JID such as `15551234567@c.us` or `120363…@g.us`. */
export function isJid(value: string): boolean {
  return JID_ONLY.test(value);
}

export function isGroupJid(jid: string | null | undefined): boolean {
  return typeof jid === 'string' && jid.endsWith('@g.us');
}
