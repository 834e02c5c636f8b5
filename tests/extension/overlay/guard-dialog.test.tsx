import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { workspaceRules } from '../../../utils/inbox/rules-store';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GuardDialog, type GuardDialogProps, type HeldSend } from '../../../components/overlay/GuardDialog';

function show(held: HeldSend, overrides: Partial<GuardDialogProps> = {}) {
  const props: GuardDialogProps = {
    held,
    canTakeOver: true,
    busy: false,
    error: null,
    onRequestHandoff: vi.fn(),
    onTakeOver: vi.fn(),
    onSendAnyway: vi.fn(),
    onAcknowledge: vi.fn(),
    onCancel: vi.fn(),
    ...overrides,
  };
  render(<GuardDialog {...props} />);
  return props;
}

afterEach(cleanup);

describe('GuardDialog', () => {
  it('names the rep holding the reply lock when a claim lost to it', () => {
    show({ reason: 'claim-lost', ownerName: null, holderName: 'Ana Pérez' });
    expect(screen.getByRole('alertdialog').textContent).toContain('Ana Pérez is replying');
  });

  it('names the owner when a claim lost to another claim', () => {
    show({ reason: 'claim-lost', ownerName: 'Ana Pérez', holderName: null });
    expect(screen.getByRole('alertdialog').textContent).toContain('Ana Pérez claimed this chat first');
  });

  it('takes focus when it opens and closes on Escape', () => {
    const p = show({ reason: 'owned-by-other', ownerName: 'Ana Pérez', holderName: null });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Request handoff' }));
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(p.onCancel).toHaveBeenCalledOnce();
  });

  it('keeps Tab and Shift+Tab inside the dialog', () => {
    show({ reason: 'owned-by-other', ownerName: 'Ana Pérez', holderName: null });
    const buttons = screen.getAllByRole('button');
    buttons.at(-1)!.focus();
    fireEvent.keyDown(buttons.at(-1)!, { key: 'Tab' });
    expect(document.activeElement).toBe(buttons[0]);
    fireEvent.keyDown(buttons[0]!, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(buttons.at(-1));
  });

  it('is operable from the keyboard: a reason typed and Enter sends anyway', () => {
    const p = show({ reason: 'owned-by-other', ownerName: 'Ana Pérez', holderName: null });
    fireEvent.click(screen.getByRole('button', { name: 'Send anyway…' }));
    const input = screen.getByLabelText('Reason');
    expect(document.activeElement).toBe(input);
    fireEvent.change(input, { target: { value: 'customer asked me by name' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(p.onSendAnyway).toHaveBeenCalledWith('customer asked me by name');
  });
});

describe('GuardDialog and the team rule on take-over', () => {
  const rules = (agentsCanTakeOver: boolean) => ({
    handoffNoteRequired: true,
    agentsCanTakeOver,
    requireResolveReason: false,
    queues: ['support'],
    defaultQueue: 'support',
  });
  const held: HeldSend = { reason: 'owned-by-other', ownerName: 'Ana Pérez', holderName: null };
  afterEach(() => workspaceRules.set(null));

  it('offers an agent no take-over while the team does not allow it, and offers it live once it does', () => {
    workspaceRules.set(rules(false));
    show(held, { canTakeOver: false });
    expect(screen.queryByRole('button', { name: 'Take over' })).toBeNull();
    act(() => workspaceRules.set(rules(true)));
    expect(screen.getByRole('button', { name: 'Take over' })).toBeTruthy();
    act(() => workspaceRules.set(rules(false)));
    expect(screen.queryByRole('button', { name: 'Take over' })).toBeNull();
  });

  it('still offers it to a manager whatever the rule', () => {
    workspaceRules.set(rules(false));
    show(held, { canTakeOver: true });
    expect(screen.getByRole('button', { name: 'Take over' })).toBeTruthy();
  });
});
