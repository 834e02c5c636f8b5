import { useEffect, useRef } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { CoverageChat, CoverageChats, CoverageChatsQuery } from '../../utils/metrics/manager-view';
import { t } from '../../utils/i18n/t';
import { formatCountdown, formatDuration } from '../../utils/i18n/format';
import { statusName } from '../i18n/labels';

export interface DrillDown {
  query: CoverageChatsQuery;
  /** What the list is of, as the count it was opened from says it ("Unowned · support"). */
  title: string;
}

interface Props extends DrillDown {
  load(query: CoverageChatsQuery): Promise<CoverageChats>;
  openChat(conversationId: string): Promise<void>;
  memberName(id: string): string;
  now: number;
  onClose(): void;
}

function ChatLine({ chat, memberName, now }: { chat: CoverageChat; memberName: Props['memberName']; now: number }) {
  const sla = chat.sla.state === 'breached' ? 'bad' : chat.sla.state === 'warning' ? 'warn' : '';
  return (
    <>
      <span className="chat-title">{chat.title}</span>
      <span className="chat-meta">
        <span>{chat.queue}</span>
        <span>{chat.ownerId ? memberName(chat.ownerId) : t('common.unassigned')}</span>
        <span>{statusName(chat.status)}</span>
        {chat.waitingSince !== null && <span className="bad">{t('queue.waiting', { time: formatDuration(now - chat.waitingSince) })}</span>}
        {chat.sla.dueAt !== null && <span className={sla}>{t('manager.slaDue', { time: formatCountdown(chat.sla.dueAt - now) })}</span>}
      </span>
    </>
  );
}

/** The chats behind a count, most urgent first; choosing one opens it in the WhatsApp tab. */
export function CoverageChatList({ query, title, load, openChat, memberName, now, onClose }: Props) {
  const chats = useQuery({ queryKey: ['coverage-chats', query], queryFn: () => load(query) });
  const open = useMutation({ mutationFn: openChat });
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    close.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  const list = chats.data;
  return (
    <div className="drill-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div className="drill" role="dialog" aria-modal="true" aria-label={title} data-testid="drill-list">
        <header>
          <h3>
            {title}
            {list && <span className="muted"> ({list.total})</span>}
          </h3>
          <button ref={close} className="secondary" onClick={onClose}>
            {t('manager.close')}
          </button>
        </header>
        {chats.isPending && <p className="muted">{t('common.loading')}</p>}
        {chats.error && <p className="error">{chats.error.message}</p>}
        {list && list.total === 0 && <p className="muted">{t('manager.noChats')}</p>}
        {list && list.total > list.conversations.length && (
          <p className="muted">{t('manager.firstOf', { shown: list.conversations.length, total: list.total })}</p>
        )}
        {list && list.conversations.length > 0 && (
          <ul>
            {list.conversations.map((chat) => (
              <li key={chat.id}>
                <button
                  className="chat-item"
                  data-testid="drill-item"
                  data-conversation-id={chat.id}
                  title={t('manager.openInWhatsApp')}
                  onClick={() => open.mutate(chat.id)}
                >
                  <ChatLine chat={chat} memberName={memberName} now={now} />
                </button>
              </li>
            ))}
          </ul>
        )}
        {open.error && (
          <p className="error" role="alert">
            {open.error.message}
          </p>
        )}
      </div>
    </div>
  );
}
