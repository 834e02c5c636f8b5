import { useState, type ReactNode } from 'react';
import { t } from '../../utils/i18n/t';
import type { SettingsCall, SettingsReply } from '../../utils/inbox/settings-types';

/** Sends one change; resolves with the server's reply or rejects with a sentence in the rep's language. */
export type Change = (call: SettingsCall) => Promise<SettingsReply>;

/** A field's error, shown next to it and announced to screen readers. */
export function FieldError({ text, id }: { text?: string; id?: string }) {
  return text ? (
    <span className="field-error" role="alert" id={id}>
      {text}
    </span>
  ) : null;
}

/** Runs a change, keeps its error and whether it is running, for one form. */
export function useRun() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const run = async <T,>(work: () => Promise<T>): Promise<T | null> => {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const out = await work();
      setSaved(true);
      return out;
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return null;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, saved, run, reset: () => setSaved(false) };
}

export function FormStatus({ error, saved }: { error: string | null; saved: boolean }) {
  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  return saved ? (
    <p className="ok" role="status">
      {t('settings.saved')}
    </p>
  ) : null;
}

/** Copies text to the clipboard; says so for a moment. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button type="button" className="secondary small" onClick={() => void navigator.clipboard.writeText(text).then(() => setCopied(true))}>
      {copied ? t('settings.copied') : label}
    </button>
  );
}

export function Section({ title, children, label }: { title: string; label: string; children: ReactNode }) {
  return (
    <section aria-label={label} className="settings-section">
      <h2>{title}</h2>
      {children}
    </section>
  );
}
