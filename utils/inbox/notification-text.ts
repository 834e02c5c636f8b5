import { t, type MessageKey } from '../i18n/t';
import type { Notice } from './notification-rules';

const TARGETS: Record<string, MessageKey> = {
  firstResponse: 'notifications.target.firstResponse',
  nextResponse: 'notifications.target.nextResponse',
  resolution: 'notifications.target.resolution',
};
const NOTE_MAX = 160;

/** Names the notification shows; null when the member is unknown (revoked, or not loaded yet). */
export interface NoticeNames {
  actor: string | null;
  owner: string | null;
}

/** The notification as the member reads it, in their language: the chat's title, what happened, and the note if any. */
export function noticeText(n: Notice, chatTitle: string | null, names: NoticeNames): { title: string; message: string } {
  const name = names.actor ?? t('notifications.aTeammate');
  const owner = names.owner ?? t('notifications.unassigned');
  const target = n.detail.target && TARGETS[n.detail.target] ? t(TARGETS[n.detail.target]) : (n.detail.target ?? '');
  const queue = n.detail.queue ?? '';
  const line = (() => {
    switch (n.kind) {
      case 'assigned':
        return n.detail.via === 'handoff'
          ? t('notifications.handedOff', { name })
          : n.detail.via === 'routing' || !names.actor
            ? t('notifications.assignedByRouting')
            : t('notifications.assigned', { name });
      case 'handoffRequested':
        return t('notifications.handoffRequested', { name });
      case 'mention':
        return t('notifications.mention', { name });
      case 'slaWarning':
        return t('notifications.slaWarning', { target });
      case 'slaBreach':
        return t('notifications.slaBreach', { target });
      case 'queueBreach':
        return t('notifications.queueBreach', { queue, target, owner });
      case 'escalation':
        return n.detail.via === 'timeout'
          ? t('notifications.escalationTimeout', { owner, queue })
          : n.detail.via === 'released'
            ? t('notifications.escalationReleased', { owner })
            : t('notifications.escalationMoved', { queue, owner });
    }
  })();
  const note = n.detail.note?.trim();
  const shortNote = note && note.length > NOTE_MAX ? `${note.slice(0, NOTE_MAX - 1)}…` : note;
  return { title: chatTitle || t('notifications.aChat'), message: shortNote ? `${line}\n“${shortNote}”` : line };
}
