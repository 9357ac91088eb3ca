import type { AgentReportDto, ConversationReportDto, MessageReportDto } from '@neodesk/contracts';
import { apiFetch } from '../../shared/api/api-client';
import { type ReportSelection, apiQuery } from './report-range';

export const reportKeys = {
  all: ['reports'] as const,
  report: (kind: 'conversations' | 'messages' | 'agents', selection: ReportSelection) =>
    ['reports', kind, apiQuery(selection).toString()] as const,
};

export function fetchConversationReport(selection: ReportSelection): Promise<ConversationReportDto> {
  return apiFetch<ConversationReportDto>(`/api/v1/reports/conversations?${apiQuery(selection).toString()}`);
}

export function fetchMessageReport(selection: ReportSelection): Promise<MessageReportDto> {
  return apiFetch<MessageReportDto>(`/api/v1/reports/messages?${apiQuery(selection).toString()}`);
}

export function fetchAgentReport(selection: ReportSelection): Promise<AgentReportDto> {
  return apiFetch<AgentReportDto>(`/api/v1/reports/agents?${apiQuery(selection).toString()}`);
}
