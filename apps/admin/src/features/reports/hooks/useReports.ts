import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ReportSelection } from '../report-range';
import { fetchAgentReport, fetchConversationReport, fetchMessageReport, reportKeys } from '../reports-api';

/** The three reports of a selection, fetched together; the previous ones stay shown while the next load. */
export function useReports(selection: ReportSelection) {
  const conversations = useQuery({
    queryKey: reportKeys.report('conversations', selection),
    queryFn: () => fetchConversationReport(selection),
    placeholderData: keepPreviousData,
  });
  const messages = useQuery({
    queryKey: reportKeys.report('messages', selection),
    queryFn: () => fetchMessageReport(selection),
    placeholderData: keepPreviousData,
  });
  const agents = useQuery({
    queryKey: reportKeys.report('agents', selection),
    queryFn: () => fetchAgentReport(selection),
    placeholderData: keepPreviousData,
  });
  return { conversations, messages, agents };
}
