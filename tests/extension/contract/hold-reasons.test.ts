import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { HoldReason, ReportHeldInput } from '../../../utils/schemas/conversation';
import type { GuardDecision } from '../../../utils/inbox/guard-decision';
import type { Report } from '../../../utils/inbox/types';
import type { HeldSend } from '../../../components/overlay/GuardDialog';
import { heldReasonName } from '../../../components/i18n/labels';

describe('hold reasons: one list shared by the server, the guard, its dialog and the outbox', () => {
  it("names every reason in the rep's language", () => {
    for (const reason of HoldReason.options) expect(heldReasonName(reason)).not.toBe(reason);
  });

  it('lets the server record every reason but a chat the guard could not place', () => {
    expect(ReportHeldInput.shape.reason.options).toEqual(HoldReason.options.filter((r) => r !== 'unknown-chat'));
  });

  it("types the dialog, the guard and the outbox report with the schema's list", () => {
    expectTypeOf<HeldSend['reason']>().toEqualTypeOf<HoldReason>();
    expectTypeOf<Extract<GuardDecision, { action: 'hold' }>['reason']>().toEqualTypeOf<Exclude<HoldReason, 'claim-lost'>>();
    expectTypeOf<Extract<Report, { kind: 'held' }>['reason']>().toEqualTypeOf<z.input<typeof ReportHeldInput>['reason']>();
  });
});
