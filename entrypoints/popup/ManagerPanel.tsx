import { useQuery } from '@tanstack/react-query';
import { sendMessage } from '../../utils/messaging';
import type { Result } from '../../utils/inbox/types';
import { ManagerView, type ManagerActions } from '../../components/pages/ManagerView';
import { errorText } from '../../utils/i18n/error-text';

/** The background answers with a Result; pages show its refusal in the member's language. */
async function valueOf<T>(r: Promise<Result<T>>): Promise<T> {
  const out = await r;
  if (!out.ok) throw new Error(errorText(out.error));
  return out.value;
}

const actions: ManagerActions = {
  loadChats: (query) => valueOf(sendMessage('coverageChats', query)),
  openChat: async (conversationId) => void (await valueOf(sendMessage('openChat', { conversationId }))),
  loadReport: (range) => valueOf(sendMessage('summaryReport', range)),
};

/** The manager's figures, refreshed every 10 s; the background answers with the last known ones while offline. */
export function ManagerPanel() {
  const team = useQuery({
    queryKey: ['manager-view'],
    refetchInterval: 10_000,
    queryFn: () => valueOf(sendMessage('managerView', { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone })),
  });
  return (
    <>
      {team.data && <ManagerView state={team.data} actions={actions} />}
      {team.error && <p className="error">{team.error.message}</p>}
    </>
  );
}
