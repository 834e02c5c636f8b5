import type { Logger } from 'pino';
import type { Role } from '../../utils/schemas/common';
import type { Store } from '../store/store';

export interface ServiceConfig {
  /** Reply-lock lifetime. @default 15000 */
  lockTtlMs: number;
  /** Test-only: turns fencing and compare-and-set off so the race checker can prove it catches the bug. */
  unsafeNoFencing: boolean;
}

export interface Deps {
  store: Store;
  now: () => number;
  config: ServiceConfig;
  log: Logger;
}

/** Who is calling, as established by the auth middleware. */
export interface Actor {
  memberId: string;
  workspaceId: string;
  role: Role;
}
