import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { sendMessage } from '../../utils/messaging';
import { AdapterHealthTable } from '../../components/pages/AdapterHealthTable';
import { BUILT_FOR_SERVER } from '../../utils/build-settings';

const DEFAULT_SERVER = BUILT_FOR_SERVER;

/** A sign-in refusal as a person can act on it: an address that answers nothing is said to be the address. */
function signInProblem(code: string, message: string, serverUrl: string): string {
  if (code !== 'UNREACHABLE') return message;
  return `No Team Inbox server answered at ${serverUrl}. Check the address: the server prints it when it starts ("server address http://…"). Make sure the server is running and that this computer can reach it.`;
}

/** Sign-in (server address, invite code, name), who is signed in, and the WhatsApp adapter's health. */
export function OptionsApp() {
  const qc = useQueryClient();
  const snapshot = useQuery({ queryKey: ['snapshot'], queryFn: () => sendMessage('snapshot'), refetchInterval: 5_000 });
  const health = useQuery({ queryKey: ['health'], queryFn: () => sendMessage('lastAdapterHealth'), refetchInterval: 10_000 });
  const [form, setForm] = useState({ serverUrl: DEFAULT_SERVER, code: '', name: '' });
  const signIn = useMutation({
    mutationFn: async () => {
      const r = await sendMessage('signIn', form);
      if (!r.ok) throw new Error(signInProblem(r.error.code, r.error.message, form.serverUrl));
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
      <h1>Team Inbox for WhatsApp Web</h1>
      {s?.signedIn && s.me ? (
        <section aria-label="Signed in">
          <p data-testid="signed-in-as">Signed in as <strong>{s.me.name}</strong> ({s.me.role}) · {s.online ? <span className="ok">connected</span> : <span className="bad">server unreachable</span>}</p>
          <p><a href="https://web.whatsapp.com/" target="_blank" rel="noreferrer">Open WhatsApp Web</a>: owner badges appear on the chat list.</p>
          <button className="secondary" onClick={() => signOut.mutate()}>Sign out</button>
        </section>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); signIn.mutate(); }}>
          {signedOut?.reason && <p className="error" role="status" data-testid="signed-out-reason">Signed out: {signedOut.reason}</p>}
          <label htmlFor="server">Server address</label>
          <input id="server" type="url" required value={form.serverUrl} onChange={(e) => setForm({ ...form, serverUrl: e.target.value })} />
          <label htmlFor="code">Invite code</label>
          <input id="code" required autoComplete="off" value={form.code} onChange={(e) => setForm({ ...form, code: e.target.value })} />
          <label htmlFor="name">Your name</label>
          <input id="name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          <button type="submit" disabled={signIn.isPending}>Sign in</button>
          {signIn.error && <p className="error" role="alert">{signIn.error.message}</p>}
        </form>
      )}
      <h2>WhatsApp page adapter</h2>
      <AdapterHealthTable health={health.data ?? null} />
    </main>
  );
}
