import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CoverageChatList } from '../../../components/pages/CoverageChatList';
import type { CoverageChats } from '../../../utils/metrics/manager-view';

const NOW = Date.UTC(2026, 10, 25, 12);
const chats: CoverageChats = {
  at: NOW,
  total: 3,
  conversations: [
    {
      id: 'c1',
      title: '<img src=x onerror=alert(1)> Marta',
      phone: null,
      kind: 'direct',
      queue: 'support',
      status: 'open',
      ownerId: null,
      priority: 'normal',
      waitingSince: NOW - 12 * 60_000,
      sla: { state: 'breached', dueAt: NOW - 2 * 60_000 },
    },
    {
      id: 'c2',
      title: 'Jorge',
      phone: null,
      kind: 'direct',
      queue: 'pre-sales',
      status: 'open',
      ownerId: 'mem_bo',
      priority: 'high',
      waitingSince: null,
      sla: { state: null, dueAt: null },
    },
  ],
};

function show(load = vi.fn(async () => chats), openChat = vi.fn(async (_id: string) => undefined)) {
  const onClose = vi.fn();
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <CoverageChatList
        query={{ kind: 'unowned' }}
        title="Unowned"
        load={load}
        openChat={openChat}
        memberName={(id) => (id === 'mem_bo' ? 'Bo Chen' : '?')}
        now={NOW}
        onClose={onClose}
      />
    </QueryClientProvider>,
  );
  return { load, openChat, onClose };
}

afterEach(cleanup);

describe('the list behind a coverage count', () => {
  it('asks for the count it was opened from and lists its chats, names as text, with owner, wait and SLA', async () => {
    const { load } = show();
    const items = await screen.findAllByTestId('drill-item');
    expect(load).toHaveBeenCalledWith({ kind: 'unowned' });
    expect(items.map((i) => i.getAttribute('data-conversation-id'))).toEqual(['c1', 'c2']);
    expect(within(items[0]!).getByText('<img src=x onerror=alert(1)> Marta')).toBeTruthy();
    expect(document.querySelector('img')).toBeNull();
    expect(items[0]!.textContent).toContain('Unassigned');
    expect(items[0]!.textContent).toContain('waiting 12 min');
    expect(items[1]!.textContent).toContain('Bo Chen');
    // Two of three shown: the list says so.
    expect(screen.getByTestId('drill-list').textContent).toContain('The 2 most urgent of 3.');
  });

  it('hands the chosen chat to openChat, and closes on Escape', async () => {
    const { openChat, onClose } = show();
    fireEvent.click((await screen.findAllByTestId('drill-item'))[1]!);
    await vi.waitFor(() => expect(openChat.mock.calls.map((c) => c[0])).toEqual(['c2']));
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledOnce();
  });

  it('shows why a list could not be read', async () => {
    show(
      vi.fn(async () => {
        throw new Error('Offline');
      }),
    );
    expect((await screen.findByText('Offline')).className).toBe('error');
  });
});
