import { SlippedNotices, type SlippedNoticeView } from '../../../components/overlay/SlippedNotices';
import { t } from '../../../utils/i18n/t';
import type { Overlay } from '../overlay';
import type { TabStore } from '../tab-store';

function views(store: TabStore): SlippedNoticeView[] {
  return store.slipped.map((n) => ({
    eventId: n.eventId,
    chatTitle: store.get(n.conversationId)?.title ?? t('common.aChat'),
    senderName: store.memberName(n.memberId) ?? t('common.aTeammate'),
    ownerName: store.memberName(n.ownerId ?? n.holderId) ?? t('common.aTeammate'),
    mine: n.memberId === store.me?.id,
    path: n.path,
  }));
}

/** Sends that left past the guard in a chat a teammate had: told to both reps until dismissed. */
export const slippedNotices: Overlay = {
  name: 'slipped-notices',
  start({ store, layer }) {
    layer.add('slipped-notices', {
      inputs: () => [store.slipped, store.members, store.me],
      draw: () => <SlippedNotices notices={views(store)} onDismiss={(eventId) => store.dismissSlipped(eventId)} />,
    });
  },
};
