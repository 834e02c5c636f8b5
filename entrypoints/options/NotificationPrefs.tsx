import { useEffect, useState } from 'react';
import type { MemberView } from '../../utils/inbox/types';
import { kindsFor, MANAGER_KINDS, type NotificationKind, type NotificationPrefs as Prefs } from '../../utils/inbox/notification-rules';
import { loadPrefs, savePref, watchPrefs } from '../../utils/inbox/notification-prefs';
import { t, type MessageKey } from '../../utils/i18n/t';

const KIND_LABEL: Record<NotificationKind, MessageKey> = {
  assigned: 'notifications.prefs.kinds.assigned',
  handoffRequested: 'notifications.prefs.kinds.handoffRequested',
  mention: 'notifications.prefs.kinds.mention',
  slaWarning: 'notifications.prefs.kinds.slaWarning',
  slaBreach: 'notifications.prefs.kinds.slaBreach',
  queueBreach: 'notifications.prefs.kinds.queueBreach',
  escalation: 'notifications.prefs.kinds.escalation',
};

/** The signed-in member's notification kinds, each switchable; kept in this browser's storage under their member id. */
export function NotificationPrefs({ me }: { me: MemberView | null }) {
  const [prefs, setPrefs] = useState<Prefs | null>(null);
  const [error, setError] = useState<string | null>(null);
  const memberId = me?.id ?? null;
  useEffect(() => {
    if (!memberId) return;
    const reload = () => void loadPrefs(memberId).then(setPrefs);
    reload();
    return watchPrefs(reload);
  }, [memberId]);
  if (!me) return <p className="muted">{t('notifications.prefs.signInFirst')}</p>;
  if (!prefs) return null;
  const toggle = (kind: NotificationKind, on: boolean) => {
    setError(null);
    // Shown at once: a controlled checkbox would otherwise flip back until storage answers.
    setPrefs({ ...prefs, [kind]: on });
    savePref(me.id, kind, on).then(setPrefs, (err: unknown) => setError(t('notifications.prefs.saveFailed', { reason: String(err) })));
  };
  const kinds = kindsFor(me.role);
  const box = (kind: NotificationKind) => (
    <label key={kind}>
      <input type="checkbox" data-kind={kind} checked={prefs[kind]} onChange={(e) => toggle(kind, e.target.checked)} />
      {t(KIND_LABEL[kind])}
    </label>
  );
  const managerKinds = kinds.filter((k) => MANAGER_KINDS.includes(k));
  return (
    <div className="prefs" data-testid="notification-prefs">
      <p className="muted">{t('notifications.prefs.hint', { name: me.name })}</p>
      {kinds.filter((k) => !MANAGER_KINDS.includes(k)).map(box)}
      {managerKinds.length > 0 && (
        <fieldset>
          <legend>{t('notifications.prefs.managers', { queues: me.queues.join(', ') || t('notifications.prefs.noQueues') })}</legend>
          {managerKinds.map(box)}
        </fieldset>
      )}
      <p className="muted">{t('notifications.prefs.badge')}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
