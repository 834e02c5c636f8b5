import { describe, expect, it } from 'vitest';
import { myWork } from '../../../utils/inbox/my-work';
import type { ConversationView } from '../../../utils/inbox/types';
import { conversation } from '../support/conversation';

const NOW = 1_800_000_000_000;
const conv = (id: string, over: Partial<ConversationView>): ConversationView =>
  conversation({ id, chatKey: `t:${id}`, title: id, titleKey: id, updatedAt: NOW, ...over });
const clock = (dueAt: number) => ({ target: 'firstResponse', warnAt: dueAt - 60_000, dueAt });

describe('myWork', () => {
  it("lists my chats and the team's unowned waiting ones, the nearest SLA due first, those without a clock after", () => {
    const list = [
      conv('mine-no-sla', { ownerId: 'me', waitingSince: NOW - 50_000 }),
      conv('mine-late', { ownerId: 'me', sla: [clock(NOW + 600_000), clock(NOW + 90_000)] }),
      conv('unowned-soon', { waitingSince: NOW - 10_000, sla: [clock(NOW + 30_000)] }),
      conv('unowned-overdue', { waitingSince: NOW - 900_000, sla: [clock(NOW - 60_000)] }),
      conv('unowned-answered', {}),
      conv('teammate', { ownerId: 'bo', waitingSince: NOW, sla: [clock(NOW)] }),
      conv('mine-resolved', { ownerId: 'me', status: 'resolved' }),
      conv('unowned-no-sla-older', { waitingSince: NOW - 99_000 }),
      conv('merged', { ownerId: 'me', mergedInto: 'x' }),
    ];
    const items = myWork(list, 'me');
    expect(items.map((i) => i.conversation.id)).toEqual(['unowned-overdue', 'unowned-soon', 'mine-late', 'unowned-no-sla-older', 'mine-no-sla']);
    expect(items.map((i) => i.whose)).toEqual(['unowned', 'unowned', 'mine', 'unowned', 'mine']);
    expect(items[2].dueAt).toBe(NOW + 90_000);
    expect(items[4].dueAt).toBeNull();
  });

  it('is empty for a member with nothing to do', () => {
    expect(myWork([conv('a', { ownerId: 'bo' })], 'me')).toEqual([]);
  });
});
