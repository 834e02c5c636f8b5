import { useState } from 'react';
import { sendMessage } from '../../utils/messaging';
import { errorText } from '../../utils/i18n/error-text';
import { t } from '../../utils/i18n/t';
import type { InboxError } from '../../utils/inbox/types';

/** Why a chat could not be opened, in the rep's words; the reasons are the worker's (entrypoints/background/open-chat.ts). */
function openFailure(e: InboxError, title: string): string {
  if (e.details?.reason === 'not-in-whatsapp') return t('queue.notInWhatsApp', { title });
  if (e.details?.reason === 'no-whatsapp-tab') return t('queue.noWhatsAppTab');
  return t('queue.openFailed', { reason: errorText(e) });
}

/** The popup's "open this chat in WhatsApp": one worker message; the popup closes once WhatsApp has the chat. */
export function useOpenChat(titleOf: (conversationId: string) => string) {
  const [opening, setOpening] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const open = async (conversationId: string) => {
    setOpening(conversationId);
    setError(null);
    const r = await sendMessage('openChat', { conversationId });
    setOpening(null);
    if (r.ok) window.close();
    else setError(openFailure(r.error, titleOf(conversationId)));
  };
  return { open: (id: string) => void open(id), opening, error };
}
