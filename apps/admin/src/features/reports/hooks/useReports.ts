import { useQuery } from '@tanstack/react-query';
import type { ReportSelection } from '../report-range';
import { fetchAgentReport, fetchConversationReport, fetchMessageReport, reportKeys } from '../reports-api';

/** The three reports of a selection, fetched together. */
export function useReports(selection: ReportSelection) {
  const conversations = useQuery({
    queryKey: reportKeys.report('conversations', selection),
    queryFn: () => fetchConversationReport(selection),
  });
  const messages = useQuery({
    queryKey: reportKeys.report('messages', selection),
    queryFn: () => fetchMessageReport(selection),
  });
  const agents = useQuery({
    queryKey: reportKeys.report('agents', selection),
    queryFn: () => fetchAgentReport(selection),
  });
  return { conversations, messages, agents };
}
