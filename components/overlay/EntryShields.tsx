import { t, type MessageKey } from '../../utils/i18n/t';

export type EntryName = 'attach' | 'mic' | 'expression';

export interface EntryShield {
  entry: EntryName;
  /** The covered button's box, in viewport pixels. */
  box: { left: number; top: number; width: number; height: number };
}

const TIP: Record<EntryName, MessageKey> = { attach: 'shield.attach', mic: 'shield.mic', expression: 'shield.expression' };

/**
 * Covers WhatsApp's attach, mic and sticker buttons in a chat a teammate owns (product spec section 3): those sends
 * cannot always be intercepted, so they are closed at the door. The tooltip names the owner; a click asks for a handoff.
 */
export function EntryShields(p: { shields: EntryShield[]; ownerName: string; onActivate(entry: EntryName): void }) {
  return (
    <>
      {p.shields.map(({ entry, box }) => {
        const tip = t(TIP[entry], { owner: p.ownerName });
        return (
          <button
            key={entry}
            className="shield"
            style={box}
            title={tip}
            aria-label={tip}
            aria-disabled="true"
            data-inbox="entry-shield"
            data-entry={entry}
            onClick={() => p.onActivate(entry)}
          />
        );
      })}
    </>
  );
}
