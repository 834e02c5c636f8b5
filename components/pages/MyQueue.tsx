import type { WorkItem } from '../../utils/inbox/my-work';
import { slaCountdown } from '../../utils/inbox/sla-countdown';
import { t } from '../../utils/i18n/t';
import { formatDuration } from '../../utils/i18n/format';
import { statusName } from '../i18n/labels';

function SlaClock({ item, now }: { item: WorkItem; now: number }) {
  const sla = slaCountdown(item.conversation, now);
  if (!sla) return <span className="muted">{t('queue.noSla')}</span>;
  const text = sla.state === 'breached' ? t('queue.overdue', { time: sla.label.replace(/^[-−]/, '') }) : t('queue.dueIn', { time: sla.label });
  return (
    <span className={`sla sla-${sla.state}`} data-testid="work-sla" data-state={sla.state}>
      {text}
    </span>
  );
}

/**
 * Find my work: my open chats and the team's unowned waiting ones, the nearest SLA due first (the order comes from
 * utils/inbox/my-work.ts). Clicking one asks to open it in WhatsApp Web; `openError` says why that failed.
 */
export function MyQueue({
  items,
  now,
  onOpen,
  opening,
  openError,
}: {
  items: WorkItem[];
  now: number;
  onOpen: (conversationId: string) => void;
  opening: string | null;
  openError: string | null;
}) {
  return (
    <section aria-labelledby="my-work-title">
      <h2 id="my-work-title">{t('queue.title', { count: items.length })}</h2>
      {openError && (
        <p className="error" role="alert">
          {openError}
        </p>
      )}
      {items.length === 0 ? (
        <p className="muted">{t('queue.emptyWork')}</p>
      ) : (
        <ul className="work" data-testid="my-work">
          {items.map((item) => {
            const c = item.conversation;
            return (
              <li key={c.id}>
                <button
                  className="work-item"
                  data-testid="work-item"
                  data-conversation-id={c.id}
                  aria-label={t('queue.openHint', { title: c.title })}
                  disabled={opening === c.id}
                  onClick={() => onOpen(c.id)}
                >
                  <span className="work-title">{c.title}</span>
                  <SlaClock item={item} now={now} />
                  <span className="work-meta">
                    <span className={`chip ${item.whose === 'mine' ? 'chip-mine' : 'chip-unowned'}`}>
                      {item.whose === 'mine' ? t('queue.mine') : t('queue.unowned')}
                    </span>
                    <span className="chip">{statusName(c.status)}</span>
                    <span className="chip chip-queue">{c.queue}</span>
                    <span className={c.waitingSince ? 'bad' : 'muted'}>
                      {c.waitingSince ? t('queue.waiting', { time: formatDuration(now - c.waitingSince) }) : t('queue.answered')}
                    </span>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
