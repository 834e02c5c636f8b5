import type { Availability } from '../../utils/schemas/common';
import type { AdapterHealth } from '../../utils/whatsapp/health';
import type { Call } from './server-calls';
import { connectionIdItem } from './session-storage';

/** Presence: which member, channel and browser is really running right now, and what the WhatsApp adapter found. */
export class Presence {
  constructor(
    private call: Call,
    private whenReady: () => Promise<void>,
    private signedIn: () => boolean,
    /** The number of a healthy WhatsApp tab open in this browser; routing skips a rep without one. */
    private liveChannel: () => string | undefined,
  ) {}

  async heartbeat() {
    await this.whenReady();
    if (!this.signedIn()) return;
    let connectionId = await connectionIdItem.getValue();
    if (!connectionId) {
      connectionId = crypto.randomUUID();
      await connectionIdItem.setValue(connectionId);
    }
    const channelId = this.liveChannel();
    await this.call((api) => api.members.heartbeat.mutate({ connectionId, channelId, browser: navigator.userAgent.slice(0, 120) }));
  }

  /** Sent with presence so the server (and the team) sees a WhatsApp change the day it ships. */
  async reportAdapterHealth(health: AdapterHealth) {
    await this.whenReady();
    const missing = health.hooks.filter((h) => h.status === 'missing').map((h) => h.name);
    await this.call((api) =>
      api.members.reportAdapterHealth.mutate({
        checkedAt: health.checkedAt,
        missing,
        hooks: health.hooks.map((h) => ({ name: h.name, status: h.status, via: h.via })),
      }),
    );
  }

  setAvailability(availability: Availability) {
    return this.call(async (api) => {
      await api.members.setAvailability.mutate({ availability });
      return null;
    });
  }
}
