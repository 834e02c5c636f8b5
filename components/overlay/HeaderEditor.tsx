import { useState, type KeyboardEvent } from 'react';
import type { MemberView } from '../../utils/inbox/types';
import { t } from '../../utils/i18n/t';
import { memberName } from '../../utils/i18n/member-name';

/** The one inline editor the header bar shows in place of its controls (never a browser prompt). */
export type Editor =
  | { kind: 'assign'; to: string; note: string }
  | { kind: 'handoff'; to: string; note: string }
  | { kind: 'labels'; labels: string[]; draft: string }
  | { kind: 'resolve'; reason: string }
  | { kind: 'request'; note: string };

export interface HeaderEditorProps {
  editor: Editor;
  /** Whom the chat can go to (everyone but its owner). */
  members: MemberView[];
  /** Whether the workspace rule asks a note for passing the chat to this member. */
  noteRequired(to: string): boolean;
  onChange(e: Editor): void;
  onCancel(): void;
  onDone(e: Editor): Promise<void>;
}

/** Adds what was typed to the labels (a comma also separates), without duplicates. */
export function withDraft(labels: string[], draft: string): string[] {
  const added = draft
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  return [...new Set([...labels, ...added])];
}

export function HeaderEditor(p: HeaderEditorProps) {
  const [busy, setBusy] = useState(false);
  const e = p.editor;
  const submit = async (next: Editor) => {
    setBusy(true);
    try {
      await p.onDone(next);
    } finally {
      setBusy(false);
    }
  };
  // Keys typed here belong to this editor, not to WhatsApp's shortcuts; Escape closes it.
  const keys = (ev: KeyboardEvent, onEnter?: () => void) => {
    ev.stopPropagation();
    if (ev.key === 'Escape') p.onCancel();
    if (ev.key === 'Enter' && onEnter) {
      ev.preventDefault();
      onEnter();
    }
  };
  const cancel = (
    <button onClick={p.onCancel} disabled={busy}>
      {t('common.cancel')}
    </button>
  );

  if (e.kind === 'labels') {
    const labels = withDraft(e.labels, e.draft);
    return (
      <span className="editor" data-inbox="labels-editor" role="group" aria-label={t('header.labels')}>
        {e.labels.map((l) => (
          <span key={l} className="pill label">
            {l}
            <button
              className="chip-x"
              aria-label={t('headerBar.removeLabel', { label: l })}
              onClick={() => p.onChange({ ...e, labels: e.labels.filter((x) => x !== l) })}
            >
              ×
            </button>
          </span>
        ))}
        <input
          autoFocus
          aria-label={t('headerBar.addLabel')}
          placeholder={t('headerBar.addLabel')}
          maxLength={40}
          value={e.draft}
          onChange={(ev) => {
            const v = ev.target.value;
            // A comma closes a label into a chip as it is typed.
            p.onChange(v.includes(',') ? { ...e, labels: withDraft(e.labels, v), draft: '' } : { ...e, draft: v });
          }}
          onKeyDown={(ev) => keys(ev, () => (e.draft.trim() ? p.onChange({ ...e, labels, draft: '' }) : void submit({ ...e, labels })))}
        />
        <button className="primary" disabled={busy || labels.length > 20} onClick={() => void submit({ ...e, labels, draft: '' })}>
          {t('headerBar.save')}
        </button>
        {cancel}
      </span>
    );
  }
  if (e.kind === 'resolve' || e.kind === 'request') {
    // One optional line of text and a confirm: the closing reason, or why the rep asks for the chat.
    const text = e.kind === 'resolve' ? e.reason : e.note;
    const [group, label, confirm, max] =
      e.kind === 'resolve'
        ? [t('status.resolved'), t('header.closingReason'), t('headerBar.resolve'), 500]
        : [t('headerBar.requestHandoff'), t('headerBar.requestNote'), t('headerBar.sendRequest'), 2000];
    const set = (v: string) => p.onChange(e.kind === 'resolve' ? { ...e, reason: v } : { ...e, note: v });
    return (
      <span className="editor" role="group" aria-label={group}>
        <input
          autoFocus
          aria-label={label}
          placeholder={label}
          maxLength={max}
          value={text}
          onChange={(ev) => set(ev.target.value)}
          onKeyDown={(ev) => keys(ev, () => void submit(e))}
        />
        <button className="primary" disabled={busy} onClick={() => void submit(e)}>
          {confirm}
        </button>
        {cancel}
      </span>
    );
  }
  // Assign and handoff: a member and a note; the handoff always needs one, an assignment where the rule says so.
  const required = e.kind === 'handoff' || p.noteRequired(e.to);
  const ready = !!e.to && (!required || !!e.note.trim());
  return (
    <span className="editor" data-inbox={`${e.kind}-editor`} role="group" aria-label={e.kind === 'handoff' ? t('header.handoffTo') : t('header.assignTo')}>
      <select
        aria-label={e.kind === 'handoff' ? t('header.handoffTo') : t('header.assignTo')}
        value={e.to}
        onChange={(ev) => p.onChange({ ...e, to: ev.target.value })}
      >
        {p.members.map((m) => (
          <option key={m.id} value={m.id}>
            {memberName(m)}
          </option>
        ))}
      </select>
      <input
        autoFocus
        aria-label={required ? t('headerBar.noteRequired') : t('headerBar.noteOptional')}
        placeholder={required ? t('headerBar.noteRequired') : t('headerBar.noteOptional')}
        aria-required={required}
        maxLength={2000}
        value={e.note}
        onChange={(ev) => p.onChange({ ...e, note: ev.target.value })}
        onKeyDown={(ev) => keys(ev, () => ready && void submit(e))}
      />
      <button className="primary" disabled={busy || !ready} onClick={() => void submit(e)}>
        {e.kind === 'handoff' ? t('header.handOffConfirm') : t('headerBar.assign')}
      </button>
      {cancel}
    </span>
  );
}
