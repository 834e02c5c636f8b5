import type { ConversationView } from '../../utils/inbox/types';
import { t } from '../../utils/i18n/t';
import { formatDuration } from '../../utils/i18n/format';
import { statusName } from '../i18n/labels';


/** A rep's own open chats, the longest-waiting first. */
export function MyQueue({ conversations, now }: { conversations: ConversationView[]; now: number }) {
  if (conversations.length === 0) return <p className="muted">{t('queue.empty')}</p>;
  return (
    <table data-testid="my-queue">
      <tbody>
        {conversations.map((c) => (
          <tr key={c.id}>
            <td>{c.title}</td>
            <td><span className="chip">{statusName(c.status)}</span></td>
            <td className={c.waitingSince ? 'bad' : 'muted'}>{c.waitingSince ? t('queue.waiting', { time: formatDuration(now - c.waitingSince) }) : t('queue.answered')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
