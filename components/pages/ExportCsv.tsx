import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { summaryCsv, summaryCsvName, type SummaryReport } from '../../utils/metrics/summary-csv';
import { t } from '../../utils/i18n/t';
import { dateInputValue, downloadText, localMidnight } from './download-text';

// 365 local days stay inside the server's 366-day limit even across a daylight-saving change.
const MAX_DAYS = 365;

/** "Export CSV": the summary of any range of whole days (local time), for the workspace, each queue and member. */
export function ExportCsv({ loadReport, now }: { loadReport(range: { from: number; to: number }): Promise<SummaryReport>; now: number }) {
  const [from, setFrom] = useState(() => dateInputValue(now - 6 * 86_400_000));
  const [to, setTo] = useState(() => dateInputValue(now));
  const start = localMidnight(from);
  const end = localMidnight(to, 1);
  const problem =
    start === null || end === null
      ? t('manager.exportPickDates')
      : start >= end
        ? t('manager.exportOrder')
        : end - start > MAX_DAYS * 86_400_000 + 3_600_000
          ? t('manager.exportTooLong', { days: MAX_DAYS })
          : null;
  const exported = useMutation({
    mutationFn: async (range: { from: number; to: number }) => {
      const report = await loadReport(range);
      downloadText(summaryCsv(report), summaryCsvName(report.range, dateInputValue));
      return report.range;
    },
  });
  return (
    <div className="export" data-testid="export-csv">
      <label htmlFor="export-from">{t('manager.exportFrom')}</label>
      <input id="export-from" type="date" value={from} max={to} onChange={(e) => setFrom(e.target.value)} />
      <label htmlFor="export-to">{t('manager.exportTo')}</label>
      <input id="export-to" type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} />
      <button disabled={problem !== null || exported.isPending} onClick={() => exported.mutate({ from: start!, to: end! })}>
        {t('manager.exportCsv')}
      </button>
      {problem && <p className="error">{problem}</p>}
      {exported.error && (
        <p className="error" role="alert">
          {exported.error.message}
        </p>
      )}
      {exported.isSuccess && (
        <p className="ok" role="status">
          {t('manager.exported')}
        </p>
      )}
    </div>
  );
}
