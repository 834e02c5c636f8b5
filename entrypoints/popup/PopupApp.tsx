import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { sendMessage } from '../../utils/messaging';
import { MyQueue } from '../../components/pages/MyQueue';
import { ManagerPanel } from './ManagerPanel';
import { t } from '../../utils/i18n/t';
import { NotSignedIn } from '../../components/pages/NotSignedIn';
import { errorText } from '../../utils/i18n/error-text';
import { reportName } from '../../components/i18n/labels';
import { useLocale } from '../../components/i18n/use-locale';
import { openSettingsPage } from '../../utils/open-settings';
import { myWork } from '../../utils/inbox/my-work';
import { useOpenChat } from './use-open-chat';

/** The rep's own queue and availability switch. */
export function PopupApp() {
  useLocale();
  const qc = useQueryClient();
  const snapshot = useQuery({ queryKey: ['snapshot'], queryFn: () => sendMessage('snapshot'), refetchInterval: 3_000 });
  const availability = useMutation({
    mutationFn: async (a: 'available' | 'away') => {
      const r = await sendMessage('setAvailability', { availability: a });
      if (!r.ok) throw new Error(errorText(r.error));
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['snapshot'] }),
  });
  const s = snapshot.data;
  const openChat = useOpenChat((id) => s?.conversations.find((c) => c.id === id)?.title ?? '');
  const isManager = s?.me?.role === 'manager' || s?.me?.role === 'admin';
  if (!s) return <main className="muted">{t('common.loading')}</main>;
  if (!s.signedIn || !s.me) {
    return <NotSignedIn />;
  }
  return (
    <main>
      <h1>{s.me.name}</h1>
      {!s.online && (
        <p className="bad" role="status">
          {s.outboxPending ? t('popup.offlinePending', { count: s.outboxPending }) : t('header.offline')}
        </p>
      )}
      <label htmlFor="availability">{t('popup.availability')}</label>
      <select
        id="availability"
        value={s.me.availability === 'away' ? 'away' : 'available'}
        onChange={(e) => availability.mutate(e.target.value as 'available' | 'away')}
      >
        <option value="available">{t('popup.available')}</option>
        <option value="away">{t('popup.away')}</option>
      </select>
      {availability.error && <p className="error">{availability.error.message}</p>}
      <button className="secondary" data-testid="open-settings" onClick={() => void openSettingsPage()}>
        {t('settings.open')}
      </button>
      {isManager && <ManagerPanel />}
      <MyQueue items={myWork(s.conversations, s.me.id)} now={Date.now()} onOpen={openChat.open} opening={openChat.opening} openError={openChat.error} />
      {s.outboxConflicts.length > 0 && (
        <>
          <h2>{t('popup.replayedWithConflicts')}</h2>
          <ul>
            {s.outboxConflicts.map((c) => (
              <li key={c.key}>
                {reportName(c.kind)}: {c.error ? errorText(c.error) : c.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}
