import { useState } from 'react';
import type { Availability } from '../../utils/schemas/common';
import { t, type MessageKey } from '../../utils/i18n/t';
import type { TeamSettingsView } from '../../utils/inbox/settings-types';
import type { MemberView } from '../../utils/inbox/types';
import { MembersSection } from './MembersSection';
import { ProfileSection } from './ProfileSection';
import { QueuesSection } from './QueuesSection';
import { RulesSection } from './RulesSection';
import { SlaSection } from './SlaSection';
import type { Change } from './shared';

type Tab = 'members' | 'queues' | 'sla' | 'rules' | 'profile';
const TEAM_TABS: Array<{ tab: Tab; key: MessageKey }> = [
  { tab: 'members', key: 'settings.members.title' },
  { tab: 'queues', key: 'settings.queues.title' },
  { tab: 'sla', key: 'settings.sla.title' },
  { tab: 'rules', key: 'settings.rules.title' },
  { tab: 'profile', key: 'settings.profile.title' },
];

export interface SettingsViewProps {
  me: MemberView;
  /** The team's settings; null for agents (the server refuses them) or before the first answer. */
  team: TeamSettingsView | null;
  teamError: string | null;
  localZone: string;
  change: Change;
  setAvailability(a: Availability): Promise<void>;
}

/** Team settings for managers and admins in tabs; an agent sees only their own profile and availability. */
export function SettingsView(p: SettingsViewProps) {
  const isTeam = p.me.role === 'manager' || p.me.role === 'admin';
  const [tab, setTab] = useState<Tab>(isTeam ? 'members' : 'profile');
  const profile = <ProfileSection me={p.me} change={p.change} setAvailability={p.setAvailability} />;
  if (!isTeam) {
    return (
      <>
        <p className="muted" data-testid="agent-note">
          {t('settings.agentOnly')}
        </p>
        {profile}
      </>
    );
  }
  const view = p.team;
  return (
    <>
      <nav className="tabs" role="tablist" aria-label={t('settings.title')}>
        {TEAM_TABS.map(({ tab: id, key }) => (
          <button key={id} role="tab" type="button" aria-selected={tab === id} className={tab === id ? 'tab active' : 'tab'} onClick={() => setTab(id)}>
            {t(key)}
          </button>
        ))}
      </nav>
      {p.teamError && (
        <p className="error" role="alert">
          {p.teamError}
        </p>
      )}
      {tab === 'profile' && profile}
      {tab !== 'profile' && !view && !p.teamError && <p className="muted">{t('common.loading')}</p>}
      {view && tab === 'members' && <MembersSection view={view} meId={p.me.id} isAdmin={p.me.role === 'admin'} change={p.change} />}
      {view && tab === 'queues' && <QueuesSection view={view} change={p.change} />}
      {view && tab === 'sla' && <SlaSection view={view} change={p.change} localZone={p.localZone} />}
      {view && tab === 'rules' && <RulesSection view={view} isAdmin={p.me.role === 'admin'} change={p.change} />}
    </>
  );
}
