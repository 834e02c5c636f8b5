import { describe, expect, it } from 'vitest';
import { storeFactories } from '../support/stores';
import { worldForSuite } from '../support/world-suite';

describe.each(storeFactories)("a heartbeat names only its own workspace's channels: $name", (factory) => {
  const worldNow = worldForSuite(factory);

  it("refuses another workspace's channel id and records nothing; its own channel is counted", async () => {
    const world = worldNow();
    const mine = await world.workspace('Mine');
    const theirs = await world.workspace('Theirs');
    const ana = await mine.member('Ana');
    await expect(ana.api.members.heartbeat({ connectionId: 'conn-ana-0001', channelId: theirs.channelId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(ana.api.members.heartbeat({ connectionId: 'conn-ana-0001', channelId: 'ch_made_up' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const rows = () => world.store.db.selectFrom('connections').select(['channel_id', 'workspace_id']).where('member_id', '=', ana.id).execute();
    expect(await rows()).toEqual([]);
    await ana.api.members.heartbeat({ connectionId: 'conn-ana-0001', channelId: mine.channelId });
    expect(await rows()).toEqual([{ channel_id: mine.channelId, workspace_id: mine.id }]);
  });
});
