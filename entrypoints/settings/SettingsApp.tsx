import { useQuery, useQueryClient } from '@tanstack/react-query';
import { sendMessage } from '../../utils/messaging';
import { SettingsView } from '../../components/settings/SettingsView';
import { t } from '../../utils/i18n/t';
import { NotSignedIn } from '../../components/pages/NotSignedIn';
import { errorText } from '../../utils/i18n/error-text';
import { useLocale } from '../../components/i18n/use-locale';
import type { SettingsCall } from '../../utils/inbox/settings-types';
import type { Availability } from '../../utils/schemas/common';

/** Wiring only: the page reaches the server through the background, which holds the token and checks nothing itself. */
export function SettingsApp() {
  useLocale();
  const qc = useQueryClient();
  const snapshot = useQuery({ queryKey: ['snapshot'], queryFn: () => sendMessage('snapshot'), refetchInterval: 5_000 });
  const me = snapshot.data?.me ?? null;
  const isTeam = me?.role === 'manager' || me?.role === 'admin';
  // Another manager's change reaches this page within seconds, as it reaches every rep's extension through the feed.
  const team = useQuery({
    queryKey: ['team-settings'],
    enabled: isTeam,
    refetchInterval: 5_000,
    queryFn: async () => {
      const r = await sendMessage('teamSettings');
      if (!r.ok) throw new Error(errorText(r.error));
      return r.value;
    },
  });
  const change = async (call: SettingsCall) => {
    const r = await sendMessage('changeSettings', call);
    if (!r.ok) throw new Error(errorText(r.error));
    await Promise.all([qc.invalidateQueries({ queryKey: ['team-settings'] }), qc.invalidateQueries({ queryKey: ['snapshot'] })]);
    return r.value;
  };
  const setAvailability = async (availability: Availability) => {
    const r = await sendMessage('setAvailability', { availability: availability === 'away' ? 'away' : 'available' });
    if (!r.ok) throw new Error(errorText(r.error));
    await qc.invalidateQueries({ queryKey: ['snapshot'] });
  };
  const s = snapshot.data;
  if (!s) return <main className="muted">{t('common.loading')}</main>;
  if (!s.signedIn || !me) {
    return <NotSignedIn />;
  }
  return (
    <main className="settings">
      <h1>{t('settings.title')}</h1>
      <SettingsView
        me={me}
        team={team.data ?? null}
        teamError={team.error?.message ?? null}
        localZone={Intl.DateTimeFormat().resolvedOptions().timeZone}
        change={change}
        setAvailability={setAvailability}
      />
    </main>
  );
}
