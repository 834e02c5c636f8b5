import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { sendMessage } from '../../utils/messaging';
import { AdapterHealthTable } from '../../components/pages/AdapterHealthTable';
import { BUILT_FOR_SERVER } from '../../utils/build-settings';
import { t } from '../../utils/i18n/t';
import { errorText } from '../../utils/i18n/error-text';
import { REVOKED } from '../../utils/inbox/sign-out-reasons';
import type { InboxError } from '../../utils/inbox/types';
import { roleName } from '../../components/i18n/labels';
import { LanguagePicker } from './LanguagePicker';
import { NotificationPrefs } from './NotificationPrefs';
import { useLocale } from '../../components/i18n/use-locale';
import { openSettingsPage } from '../../utils/open-settings';

const DEFAULT_SERVER = BUILT_FOR_SERVER;

/** A sign-in refusal as a person can act on it: an address that answers nothing is said to be the address. */
function signInProblem(error: InboxError, serverUrl: string): string {
  if (error.code === 'UNREACHABLE') return t('options.unreachable', { url: serverUrl });
  // Servers from before refusal reasons say only UNAUTHORIZED: at sign-in that is the invite code.
  if (error.code === 'UNAUTHORIZED' && !error.details?.reason) return t('options.inviteRefused');
  return errorText(error);
}

/** Why the server signed this browser out: the background stores a code, older versions a sentence. */
const signedOutText = (reason: string) => (reason === REVOKED ? t('options.revoked') : reason);

/** Sign-in (server address, invite code, name), who is signed in, and the WhatsApp adapter's health. */
export function OptionsApp() {
  useLocale();
  const qc = useQueryClient();
  const snapshot = useQuery({ queryKey: ['snapshot'], queryFn: () => sendMessage('snapshot'), refetchInterval: 5_000 });
  const health = useQuery({ queryKey: ['health'], queryFn: () => sendMessage('lastAdapterHealth'), refetchInterval: 10_000 });
  const [form, setForm] = useState({ serverUrl: DEFAULT_SERVER, code: '', name: '' });
  const signIn = useMutation({
    mutationFn: async () => {
      const r = await sendMessage('signIn', form);
      if (!r.ok) throw new Error(signInProblem(r.error, form.serverUrl));
      return r.value;
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['snapshot'] }),
  });
  const signOut = useMutation({ mutationFn: () => sendMessage('signOut'), onSuccess: () => qc.invalidateQueries({ queryKey: ['snapshot'] }) });
  const s = snapshot.data;
  const signedOut = s && !s.signedIn ? s.signedOut : null;
  // Signing in again goes to the server used last time, not the default address.
  const lastServer = signedOut?.serverUrl;
  useEffect(() => {
    if (lastServer) setForm((f) => (f.serverUrl === DEFAULT_SERVER ? { ...f, serverUrl: lastServer } : f));
  }, [lastServer]);
  return (
    <main>
      <h1>{t('extName')}</h1>
      {s?.signedIn && s.me ? (
        <section aria-label={t('options.signedIn')}>
          <p data-testid="signed-in-as">
            {t('options.signedInAs')} <strong>{s.me.name}</strong> ({roleName(s.me.role)}) ·{' '}
            {s.online ? <span className="ok">{t('options.connected')}</span> : <span className="bad">{t('options.serverUnreachable')}</span>}
          </p>
          <p>
            <a href="https://web.whatsapp.com/" target="_blank" rel="noreferrer">
              {t('options.openWhatsApp')}
            </a>
            {t('options.openWhatsAppHint')}
          </p>
          <button className="secondary" data-testid="open-settings" onClick={() => void openSettingsPage()}>
            {t('settings.open')}
          </button>{' '}
          <button className="secondary" onClick={() => signOut.mutate()}>
            {t('options.signOut')}
          </button>
        </section>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            signIn.mutate();
          }}
        >
          {signedOut?.reason && (
            <p className="error" role="status" data-testid="signed-out-reason">
              {t('options.signedOut', { reason: signedOutText(signedOut.reason) })}
            </p>
          )}
          <label htmlFor="server">{t('options.serverAddress')}</label>
          <input id="server" type="url" required value={form.serverUrl} onChange={(e) => setForm({ ...form, serverUrl: e.target.value })} />
          <label htmlFor="code">{t('options.inviteCode')}</label>
          <input id="code" required autoComplete="off" value={form.code} onChange={(e) => setForm({ ...form, code: e.target.value })} />
          <label htmlFor="name">{t('options.yourName')}</label>
          <input id="name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          <button type="submit" disabled={signIn.isPending}>
            {t('options.signIn')}
          </button>
          {signIn.error && (
            <p className="error" role="alert">
              {signIn.error.message}
            </p>
          )}
        </form>
      )}
      <h2>{t('options.language')}</h2>
      <LanguagePicker />
      <h2>{t('notifications.prefs.title')}</h2>
      <NotificationPrefs me={s?.signedIn ? s.me : null} />
      <h2>{t('options.adapter')}</h2>
      <AdapterHealthTable health={health.data ?? null} />
    </main>
  );
}
