import { t, type MessageKey } from '../../utils/i18n/t';
import type { Availability, Priority, Role, Status } from '../../utils/schemas/common';
import type { HoldReason } from '../../utils/schemas/conversation';
import type { Report } from '../../utils/inbox/types';

const STATUS: Record<Status, MessageKey> = {
  open: 'status.open',
  pending: 'status.pending',
  snoozed: 'status.snoozed',
  resolved: 'status.resolved',
  bot: 'status.bot',
};
const PRIORITY: Record<Priority, MessageKey> = { low: 'priority.low', normal: 'priority.normal', high: 'priority.high', urgent: 'priority.urgent' };
const AVAILABILITY: Record<Availability, MessageKey> = { available: 'availability.available', away: 'availability.away', offline: 'availability.offline' };

/** The server's codes as the UI names them; a code this build does not know yet is shown as it is. */
const named = (table: Record<string, MessageKey>) => (code: string) => (table[code] ? t(table[code]) : code);
export const statusName = named(STATUS);
export const priorityName = named(PRIORITY);
export const availabilityName = named(AVAILABILITY);
const HELD: Record<HoldReason, MessageKey> = {
  'owned-by-other': 'held.ownedByOther',
  'locked-by-other': 'held.lockedByOther',
  'claim-lost': 'held.claimLost',
  bot: 'held.bot',
  'traffic-cop': 'held.trafficCop',
  offline: 'held.offline',
  'unknown-chat': 'held.unknownChat',
};
export const heldReasonName = named(HELD);
const REPORT: Record<Report['kind'], MessageKey> = {
  send: 'report.send',
  held: 'report.held',
  override: 'report.override',
  message: 'report.message',
  unguarded: 'report.unguarded',
  activity: 'report.activity',
};
export const reportName = named(REPORT);
const ROLE: Record<Role, MessageKey> = { agent: 'role.agent', manager: 'role.manager', admin: 'role.admin' };
export const roleName = named(ROLE);
