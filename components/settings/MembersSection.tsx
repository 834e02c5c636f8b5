import { useEffect, useState } from 'react';
import { InviteInput, UpdateMemberInput } from '../../utils/schemas/member';
import type { Role } from '../../utils/schemas/common';
import { t } from '../../utils/i18n/t';
import { memberName } from '../../utils/i18n/member-name';
import type { TeamMember, TeamSettingsView } from '../../utils/inbox/settings-types';
import { roleName } from '../i18n/labels';
import { fieldErrors, type FieldErrors } from './field-errors';
import { CopyButton, FieldError, FormStatus, Section, useRun, type Change } from './shared';

const ROLES: Role[] = ['agent', 'manager', 'admin'];

/** Invite, role, queues worked, capacity and revoke; an admin's calls (invite, role, revoke) are offered to admins only. */
export function MembersSection({ view, meId, isAdmin, change }: { view: TeamSettingsView; meId: string; isAdmin: boolean; change: Change }) {
  const queues = view.queues.filter((q) => !q.archived).map((q) => q.name);
  return (
    <Section title={t('settings.members.title')} label={t('settings.members.title')}>
      {isAdmin && <InviteForm change={change} />}
      <table className="members">
        <thead>
          <tr>
            <th>{t('settings.members.name')}</th>
            <th>{t('settings.members.role')}</th>
            <th>{t('settings.members.queues')}</th>
            <th>{t('settings.members.capacity')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {view.members.map((m) => (
            <MemberRow key={m.id} member={m} queues={queues} isAdmin={isAdmin} isMe={m.id === meId} change={change} />
          ))}
        </tbody>
      </table>
    </Section>
  );
}

function InviteForm({ change }: { change: Change }) {
  const [form, setForm] = useState<{ name: string; role: Role }>({ name: '', role: 'agent' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [invite, setInvite] = useState<{ name: string; code: string; serverUrl: string } | null>(null);
  const { busy, error, run } = useRun();
  const submit = async () => {
    const errs = fieldErrors(InviteInput, form);
    setErrors(errs);
    if (Object.keys(errs).length) return;
    const out = await run(() => change({ kind: 'invite', name: form.name, role: form.role }));
    if (out?.kind === 'invite') {
      setInvite({ name: form.name.trim(), code: out.code, serverUrl: out.serverUrl });
      setForm({ name: '', role: form.role });
    }
  };
  const steps = invite ? t('settings.members.inviteSteps', { name: invite.name, server: invite.serverUrl, code: invite.code }) : '';
  return (
    <form
      className="inline-form"
      aria-label={t('settings.members.invite')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="field">
        <label htmlFor="invite-name">{t('settings.members.inviteName')}</label>
        <input id="invite-name" value={form.name} aria-invalid={!!errors.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        <FieldError text={errors.name} />
      </div>
      <div className="field narrow">
        <label htmlFor="invite-role">{t('settings.members.role')}</label>
        <select id="invite-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {roleName(r)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={busy}>
        {t('settings.members.invite')}
      </button>
      <FormStatus error={error} saved={false} />
      {invite && (
        <div className="one-time" role="status" data-testid="invite-result">
          <p>
            <strong>{t('settings.members.inviteCodeFor', { name: invite.name })}</strong> <code data-testid="invite-code">{invite.code}</code>{' '}
            <CopyButton text={invite.code} label={t('settings.copyCode')} />
          </p>
          <p className="muted">{t('settings.members.inviteOnce')}</p>
          <pre className="steps">{steps}</pre>
          <CopyButton text={steps} label={t('settings.members.copySteps')} />
        </div>
      )}
    </form>
  );
}

function MemberRow({ member, queues, isAdmin, isMe, change }: { member: TeamMember; queues: string[]; isAdmin: boolean; isMe: boolean; change: Change }) {
  const [capacity, setCapacity] = useState(String(member.capacity));
  const [worked, setWorked] = useState(member.queues);
  const [errors, setErrors] = useState<FieldErrors>({});
  const { busy, error, saved, run } = useRun();
  // Another manager's change shows here as it lands.
  useEffect(() => setCapacity(String(member.capacity)), [member.capacity]);
  const queuesKey = member.queues.join('\n');
  useEffect(() => setWorked(queuesKey ? queuesKey.split('\n') : []), [queuesKey]);
  const save = async (patch: { queues?: string[]; capacity?: number; role?: Role }) => {
    const input = { memberId: member.id, ...patch };
    const errs = fieldErrors(UpdateMemberInput, input);
    setErrors(errs);
    if (Object.keys(errs).length) return;
    await run(() => change({ kind: 'updateMember', ...input }));
  };
  const toggle = (q: string) => {
    const next = worked.includes(q) ? worked.filter((x) => x !== q) : [...worked, q];
    setWorked(next);
    void save({ queues: next });
  };
  const capacityId = `capacity-${member.id}`;
  return (
    <tr data-member={member.id}>
      <td>
        <span className="avatar" style={{ background: member.color }}>
          {member.initials}
        </span>{' '}
        {memberName(member)}
        {!member.online && <span className="muted"> · {t('availability.offline')}</span>}
      </td>
      <td>
        {isAdmin && !isMe ? (
          <select
            aria-label={t('settings.members.roleOf', { name: member.name })}
            value={member.role}
            disabled={busy}
            onChange={(e) => void save({ role: e.target.value as Role })}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {roleName(r)}
              </option>
            ))}
          </select>
        ) : (
          roleName(member.role)
        )}
      </td>
      <td>
        <div className="checks">
          {queues.map((q) => (
            <label key={q} className="check">
              <input type="checkbox" checked={worked.includes(q)} disabled={busy} onChange={() => toggle(q)} /> {q}
            </label>
          ))}
        </div>
        <FieldError text={errors.queues} />
      </td>
      <td>
        <form
          className="capacity"
          onSubmit={(e) => {
            e.preventDefault();
            void save({ capacity: capacity.trim() === '' ? NaN : Number(capacity) });
          }}
        >
          <input
            id={capacityId}
            aria-label={t('settings.members.capacityOf', { name: member.name })}
            type="number"
            value={capacity}
            aria-invalid={!!errors.capacity}
            onChange={(e) => setCapacity(e.target.value)}
          />
          <button type="submit" className="secondary small" disabled={busy}>
            {t('settings.save')}
          </button>
        </form>
        <FieldError text={errors.capacity} />
      </td>
      <td>
        {isAdmin && !isMe && (
          <button
            type="button"
            className="danger small"
            disabled={busy}
            onClick={() =>
              confirm(t('settings.members.revokeConfirm', { name: member.name })) && void run(() => change({ kind: 'revoke', memberId: member.id }))
            }
          >
            {t('settings.members.revoke')}
          </button>
        )}
        <FormStatus error={error} saved={saved} />
      </td>
    </tr>
  );
}
