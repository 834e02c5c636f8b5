/** Titles carry bidi marks and odd spacing; a phone-number title becomes its digits. */
export function normaliseTitle(title: string): string {
  const clean = title
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .normalize('NFKC')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
  return /^\+?[\d\s().-]{6,}$/.test(clean) ? clean.replace(/\D/g, '') : clean;
}

export const titleChatKey = (title: string) => `t:${normaliseTitle(title)}`;
