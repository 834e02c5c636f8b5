import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GuardDialog, type GuardDialogProps, type HeldSend } from '../../../components/overlay/GuardDialog';

function show(held: HeldSend, overrides: Partial<GuardDialogProps> = {}) {
  const props: GuardDialogProps = {
    held, canTakeOver: true, busy: false, error: null,
    onRequestHandoff: vi.fn(), onTakeOver: vi.fn(), onSendAnyway: vi.fn(), onAcknowledge: vi.fn(), onCancel: vi.fn(),
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
