import type { ConversationView } from '../../utils/inbox/types';

const ago = (ms: number) => {
  const m = Math.round(ms / 60_000);
  return m < 60 ? `${m} min` : `${Math.round(m / 60)} h`;
};

/** A rep's own open chats, the longest-waiting first. */
export function MyQueue({ conversations, now }: { conversations: ConversationView[]; now: number }) {
  if (conversations.length === 0) return <p className="muted">Nothing assigned to you.</p>;
  return (
    <table data-testid="my-queue">
      <tbody>
        {conversations.map((c) => (
          <tr key={c.id}>
            <td>{c.title}</td>
            <td><span className="chip">{c.status}</span></td>
            <td className={c.waitingSince ? 'bad' : 'muted'}>{c.waitingSince ? `waiting ${ago(now - c.waitingSince)}` : 'answered'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
