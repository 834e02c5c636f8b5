import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { CONFLICT_REASONS, REFUSAL_REASONS, isRefusalReason, type ConflictReason, type RuleReason } from '../../../utils/schemas/refusal';
import type { Refusal } from '../../../server/domain/errors';
import { errorText } from '../../../utils/i18n/error-text';
import { LOCALES, setLocale } from '../../../utils/i18n/locale';

afterEach(() => setLocale('en'));

describe('refusal reasons: one list shared by the server and the words the extension has for them', () => {
  it('says every reason in every language, not as the bare code', () => {
    for (const locale of LOCALES) {
      setLocale(locale);
      for (const reason of REFUSAL_REASONS) {
        const code = (CONFLICT_REASONS as readonly string[]).includes(reason) ? 'CONFLICT' : 'BAD_REQUEST';
        expect(errorText({ code, details: { reason } }), `${locale}: ${reason}`).not.toBe(errorText({ code, details: null }));
      }
    }
  });

  it('knows no reason outside the list, not even an object property name', () => {
    expect(isRefusalReason('toString')).toBe(false);
    expect(REFUSAL_REASONS.every(isRefusalReason)).toBe(true);
    expect(new Set(REFUSAL_REASONS).size).toBe(REFUSAL_REASONS.length);
  });

  it("types the domain's refusals with the list", () => {
    expectTypeOf<Extract<Refusal, { code: 'CONFLICT' }>['reason']>().toEqualTypeOf<ConflictReason>();
    expectTypeOf<NonNullable<Extract<Refusal, { code: 'FORBIDDEN' | 'BAD_REQUEST' }>['reason']>>().toEqualTypeOf<RuleReason>();
  });
});
