import { useEffect, useState } from 'react';
import { RenameSelfInput } from '../../utils/schemas/member';
import type { Availability } from '../../utils/schemas/common';
import { t } from '../../utils/i18n/t';
import { memberName } from '../../utils/i18n/member-name';
import type { MemberView } from '../../utils/inbox/types';
import { roleName } from '../i18n/labels';
import { fieldErrors, type FieldErrors } from './field-errors';
import { FieldError, FormStatus, Section, useRun, type Change } from './shared';

/** What every member may change of their own: the name teammates see, and availability. */
export function ProfileSection({ me, change, setAvailability }: { me: MemberView; change: Change; setAvailability(a: Availability): Promise<void> }) {
  const [name, setName] = useState(me.name);
  const [errors, setErrors] = useState<FieldErrors>({});
  const rename = useRun();
  const availability = useRun();
  // Shown as chosen at once: the team's copy of it arrives with the next feed event.
  const [avail, setAvail] = useState<Availability>(me.availability === 'away' ? 'away' : 'available');
  useEffect(() => setAvail(me.availability === 'away' ? 'away' : 'available'), [me.availability]);
  useEffect(() => setName(me.name), [me.name]);
  const save = async () => {
    const errs = fieldErrors(RenameSelfInput, { name });
    setErrors(errs);
    if (Object.keys(errs).length) return;
    await rename.run(() => change({ kind: 'renameSelf', name }));
  };
  return (
    <Section title={t('settings.profile.title')} label={t('settings.profile.title')}>
      <p>
        {memberName(me)} · {roleName(me.role)}
      </p>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="field">
          <label htmlFor="profile-name">{t('settings.profile.name')}</label>
          <input id="profile-name" value={name} aria-invalid={!!errors.name} onChange={(e) => setName(e.target.value)} />
          <FieldError text={errors.name} />
        </div>
        <button type="submit" disabled={rename.busy}>
          {t('settings.save')}
        </button>
      </form>
      <FormStatus error={rename.error} saved={rename.saved} />
      <div className="field narrow">
        <label htmlFor="profile-availability">{t('popup.availability')}</label>
        <select
          id="profile-availability"
          value={avail}
          disabled={availability.busy}
          onChange={(e) => {
            const next = e.target.value as Availability;
            setAvail(next);
            void availability.run(() => setAvailability(next));
          }}
        >
          <option value="available">{t('popup.available')}</option>
          <option value="away">{t('popup.away')}</option>
        </select>
      </div>
      <FormStatus error={availability.error} saved={false} />
    </Section>
  );
}
