import { GuardDialog, type HeldSend } from '../../../components/overlay/GuardDialog';
import { EntryShields, type EntryName, type EntryShield } from '../../../components/overlay/EntryShields';
import { startSendGuard, type GuardActions, type GuardUi } from '../send-guard';
import { startEntryPointShield, type ShieldUi } from '../entry-point-shield';
import type { Overlay } from '../overlay';

/**
 * The send guard as the rep meets it: the dialog of a held send, and the shields over the entry points (attach, mic,
 * stickers) in a chat a teammate has. The guard and the shield decide; this draws what they decide.
 */
export const guard: Overlay = {
  name: 'guard',
  start({ ctx, store, page, tracker, lease, layer }) {
    let held: { held: HeldSend; actions: GuardActions; busy: boolean; error: string | null } | null = null;
    let shields: { shields: EntryShield[]; ownerName: string; onActivate: (entry: EntryName) => void } = {
      shields: [],
      ownerName: '',
      onActivate: () => undefined,
    };

    const ui: GuardUi & ShieldUi = {
      showHeld(h, actions) {
        held = { held: h, actions, busy: false, error: null };
        layer.render();
      },
      setGuardState(state) {
        if (!held) return;
        held = { ...held, ...state };
        layer.render();
      },
      closeHeld() {
        held = null;
        layer.render();
      },
      setShields(list, ownerName, onActivate) {
        shields = { shields: list, ownerName, onActivate };
        layer.render();
      },
    };

    layer.add('entry-shields', { inputs: () => [shields], draw: () => <EntryShields {...shields} /> });
    layer.add('guard-dialog', {
      inputs: () => [held, store.me],
      draw: () =>
        held && (
          <GuardDialog
            key={`${held.held.reason}-${held.held.ownerName}`}
            held={held.held}
            canTakeOver={held.held.reason === 'bot' || store.me?.role !== 'agent'}
            busy={held.busy}
            error={held.error}
            onRequestHandoff={held.actions.requestHandoff}
            onTakeOver={held.actions.takeOver}
            onSendAnyway={held.actions.sendAnyway}
            onAcknowledge={held.actions.acknowledge}
            onCancel={held.actions.cancel}
          />
        ),
    });

    const sendGuard = startSendGuard(ctx, store, tracker, lease, ui);
    const shield = startEntryPointShield(ctx, store, sendGuard, ui);
    tracker.onChange(shield.refresh);
    page.onAppChange(shield.refresh);
  },
};
