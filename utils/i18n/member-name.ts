import type { MemberView } from '../schemas/member';
import { t } from './t';

/** A member's name with the invited one beside it when they chose another: what every list and badge shows. */
export const memberName = (m: Pick<MemberView, 'name' | 'invitedName'>): string =>
  m.invitedName ? t('common.invitedAs', { name: m.name, invited: m.invitedName }) : m.name;
