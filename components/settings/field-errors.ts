import type { z } from 'zod';
import { t, type MessageKey } from '../../utils/i18n/t';

/** A field's error as the page shows it, keyed by its dotted path in the input ('policy.mode.schedule.weekly.mon.0.end'). */
export type FieldErrors = Record<string, string>;

/** The shared schemas' own sentences, said in the rep's language. */
const BY_MESSAGE: Record<string, MessageKey> = {
  'start must be before end': 'settings.field.startBeforeEnd',
  'time ranges overlap': 'settings.field.overlap',
  'not a valid IANA time zone': 'settings.field.timeZone',
  'the schedule has no open hours': 'settings.field.noOpenHours',
  'expected HH:MM between 00:00 and 24:00': 'settings.field.time',
  'expected YYYY-MM-DD': 'settings.field.date',
  'not a calendar date': 'settings.field.date',
  'a queue name cannot contain a comma': 'settings.field.comma',
  'a target is at most 90 days': 'settings.field.targetTooLong',
  'at most 7 days': 'settings.field.timeoutTooLong',
  'at least 1 second': 'settings.field.positive',
  'at most 30 days': 'settings.field.graceTooLong',
  'whole hours': 'settings.field.wholeNumber',
  'a warning point is above 0 %': 'settings.field.warnPoint',
  'a warning point is at most 100 %': 'settings.field.warnPoint',
  'name must not be empty': 'settings.field.required',
  'name must be at most 80 characters': 'settings.field.tooLong',
};

function issueText(issue: z.core.$ZodIssue): string {
  const known = BY_MESSAGE[issue.message];
  const i = issue as { code: string; minimum?: number | bigint; maximum?: number | bigint; origin?: string; expected?: string; inclusive?: boolean };
  if (known) return t(known, { max: String(i.maximum ?? '') });
  switch (i.code) {
    case 'too_small':
      if (i.origin === 'string') return Number(i.minimum) <= 1 ? t('settings.field.required') : t('settings.field.tooShort', { min: String(i.minimum) });
      return i.inclusive === false && Number(i.minimum) === 0 ? t('settings.field.positive') : t('settings.field.atLeast', { min: String(i.minimum) });
    case 'too_big':
      return i.origin === 'string' ? t('settings.field.tooLong', { max: String(i.maximum) }) : t('settings.field.atMost', { max: String(i.maximum) });
    case 'invalid_type':
      return i.expected === 'int' ? t('settings.field.wholeNumber') : i.expected === 'number' ? t('settings.field.number') : t('settings.field.invalid');
    default:
      return t('settings.field.invalid');
  }
}

/** Validates `value` with the server's own schema; the first error of each field, by path. Empty when it passes. */
export function fieldErrors(schema: z.ZodType, value: unknown): FieldErrors {
  const out = schema.safeParse(value);
  if (out.success) return {};
  const errors: FieldErrors = {};
  for (const issue of out.error.issues) {
    const path = issue.path.map(String).join('.');
    errors[path] ??= issueText(issue);
  }
  return errors;
}
