import { afterEach, describe, expect, it } from 'vitest';
import { fieldErrors } from '../../../components/settings/field-errors';
import { setLocale } from '../../../utils/i18n/locale';
import { CreateQueueInput, SetQueueRoutingInput } from '../../../utils/schemas/settings';
import { SetSlaPolicyInput } from '../../../utils/schemas/sla';
import { UpdateMemberInput } from '../../../utils/schemas/member';

afterEach(() => setLocale('en'));

const week = (mon: Array<{ start: string; end: string }>) => ({ mon, tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] });
const policy = (over: Record<string, unknown>) => ({
  queue: 'support',
  policy: { firstResponseMs: 600_000, warnAtFraction: 0.8, mode: { kind: 'wall' }, ...over },
});

describe('fieldErrors: the server schema, said next to the field in the rep language', () => {
  it('passes a valid input with no error', () => {
    expect(fieldErrors(SetSlaPolicyInput, policy({}))).toEqual({});
    expect(fieldErrors(CreateQueueInput, { name: 'billing' })).toEqual({});
  });

  it('names each broken field by its path, with a sentence a person reads', () => {
    const errs = fieldErrors(
      SetSlaPolicyInput,
      policy({
        firstResponseMs: -5,
        warnAtFraction: 1.5,
        mode: {
          kind: 'business',
          schedule: {
            timeZone: 'Mars/Olympus',
            weekly: week([
              { start: '09:00', end: '25:00' },
              { start: '12:00', end: '11:00' },
            ]),
            holidays: ['2026-02-30'],
          },
        },
      }),
    );
    expect(errs).toMatchObject({
      'policy.firstResponseMs': 'Must be more than 0.',
      'policy.warnAtFraction': 'Between 1 and 100 %.',
      'policy.mode.schedule.timeZone': 'Not a time zone (e.g. Europe/Madrid, America/Sao_Paulo).',
      'policy.mode.schedule.weekly.mon.0.end': 'Use HH:MM, from 00:00 to 24:00.',
      'policy.mode.schedule.weekly.mon.1.end': 'The start must be before the end.',
      'policy.mode.schedule.holidays.0': 'Not a date.',
    });
    expect(
      fieldErrors(
        SetSlaPolicyInput,
        policy({
          mode: {
            kind: 'business',
            schedule: {
              timeZone: 'UTC',
              weekly: week([
                { start: '09:00', end: '13:00' },
                { start: '12:00', end: '18:00' },
              ]),
              holidays: [],
            },
          },
        }),
      ),
    ).toEqual({ 'policy.mode.schedule.weekly.mon.1': 'These hours overlap another range of the day.' });
    expect(fieldErrors(SetSlaPolicyInput, policy({ mode: { kind: 'business', schedule: { timeZone: 'UTC', weekly: week([]), holidays: [] } } }))).toEqual({
      'policy.mode.schedule.weekly': 'Open at least one range in the week.',
    });
    expect(fieldErrors(CreateQueueInput, { name: '  ' })).toEqual({ name: 'Required.' });
    expect(fieldErrors(CreateQueueInput, { name: 'a,b' })).toEqual({ name: 'A queue name cannot contain a comma.' });
    expect(fieldErrors(UpdateMemberInput, { memberId: 'm1', capacity: NaN })).toEqual({ capacity: 'Enter a number.' });
    expect(fieldErrors(UpdateMemberInput, { memberId: 'm1', capacity: 2.5 })).toEqual({ capacity: 'Enter a whole number.' });
    expect(fieldErrors(SetQueueRoutingInput, { queue: 'support', ownerResponseTimeoutMs: 8 * 86_400_000 })).toEqual({
      ownerResponseTimeoutMs: 'At most 7 days.',
    });
  });

  it('speaks the chosen language', () => {
    setLocale('pt-BR');
    expect(fieldErrors(CreateQueueInput, { name: 'a,b' })).toEqual({ name: 'O nome da fila não pode ter vírgula.' });
    setLocale('es');
    expect(fieldErrors(UpdateMemberInput, { memberId: 'm1', capacity: -1 })).toEqual({ capacity: 'Al menos 0.' });
  });
});
