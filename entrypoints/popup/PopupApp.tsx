import { browser } from '#imports';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { sendMessage } from '../../utils/messaging';
import { MyQueue } from '../../components/pages/MyQueue';
import { ManagerView } from '../../components/pages/ManagerView';

/** The rep's own queue and availability switch. */
export function PopupApp() {
  const qc = useQueryClient();
  const snapshot = useQuery({ queryKey: ['snapshot'], queryFn: () => sendMessage('snapshot'), refetchInterval: 3_000 });
  const availability = useMutation({
    mutationFn: async (a: 'available' | 'away') => {
      const r = await sendMessage('setAvailability', { availability: a });
      if (!r.ok) throw new Error(r.error.message);
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['snapshot'] }),
  });
  const s = snapshot.data;
  const isManager = s?.me?.role === 'manager' || s?.me?.role === 'admin';
  const team = useQuery({
    queryKey: ['manager-view'],
    enabled: !!isManager,
    refetchInterval: 10_000,
    queryFn: async () => {
      const r = await sendMessage('managerView', { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone });
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    },
  });
  if (!s) return <main className="muted">Loading…</main>;
  if (!s.signedIn || !s.me) {
    return (
      <main>
        <p>Not signed in.</p>
        <button onClick={() => browser.runtime.openOptionsPage()}>Open options</button>
      </main>
    );
  }
  const mine = s.conversations.filter((c) => c.ownerId === s.me!.id && c.status !== 'resolved').sort((a, b) => (a.waitingSince ?? Infinity) - (b.waitingSince ?? Infinity));
  return (
    <main>
      <h1>{s.me.name}</h1>
      {!s.online && <p className="bad" role="status">Offline: the inbox server is unreachable{s.outboxPending ? ` · ${s.outboxPending} waiting to send` : ''}</p>}
      <label htmlFor="availability">Availability</label>
      <select id="availability" value={s.me.availability === 'away' ? 'away' : 'available'} onChange={(e) => availability.mutate(e.target.value as 'available' | 'away')}>
        <option value="available">Available</option>
        <option value="away">Away</option>
      </select>
      {availability.error && <p className="error">{availability.error.message}</p>}
      {isManager && team.data && <ManagerView view={team.data} />}
      {isManager && team.error && <p className="error">{team.error.message}</p>}
      <h2>My open chats ({mine.length})</h2>
      <MyQueue conversations={mine} now={Date.now()} />
      {s.outboxConflicts.length > 0 && (
        <>
          <h2>Replayed with conflicts</h2>
          <ul>{s.outboxConflicts.map((c) => <li key={c.key}>{c.kind}: {c.message}</li>)}</ul>
        </>
      )}
    </main>
  );
}
