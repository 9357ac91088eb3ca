import { useMemo } from 'react';
import { useReportSelection } from '../hooks/useReportSelection';
import { useReports } from '../hooks/useReports';
import { botBesideTeam, reportSections } from '../report-sections';
import { BotBesideTeam } from './BotBesideTeam';
import { ReportFilters } from './ReportFilters';
import { ReportSectionView } from './ReportSectionView';

/** The range pickers and, for that range, the bot beside the team and every chart with its table. */
export function ReportsView() {
  const [selection, setSelection] = useReportSelection();
  const { conversations, messages, agents } = useReports(selection);
  const error = conversations.error ?? messages.error ?? agents.error;
  const ready =
    conversations.data !== undefined && messages.data !== undefined && agents.data !== undefined
      ? { conversations: conversations.data, messages: messages.data, agents: agents.data }
      : null;
  const sections = useMemo(
    () =>
      conversations.data === undefined || messages.data === undefined || agents.data === undefined
        ? []
        : reportSections(conversations.data, messages.data, agents.data),
    [conversations.data, messages.data, agents.data],
  );
  const updating = conversations.isPlaceholderData || messages.isPlaceholderData || agents.isPlaceholderData;
  const empty =
    ready !== null &&
    ready.conversations.totals.started === 0 &&
    ready.messages.totals.customerMessages + ready.messages.totals.botMessages + ready.messages.totals.agentMessages ===
      0;
  return (
    <>
      <ReportFilters selection={selection} onChange={setSelection} />
      {error !== null ? (
        <div className="banner banner--error" role="alert">
          The report could not be loaded: {error.message}
        </div>
      ) : ready === null ? (
        <p className="report-state" role="status">
          <span className="spinner" aria-hidden="true" /> Loading the report…
        </p>
      ) : empty ? (
        <div className="card report-state report-state--empty" role="status">
          <p className="report-state__title">No conversations in this range.</p>
          <p className="muted">
            Nothing started and no message was written from {selection.from} to {selection.to}. Choose a longer range or
            other dates.
          </p>
        </div>
      ) : (
        <div className="reports__body" aria-busy={updating}>
          {updating ? (
            <p className="report-state report-state--updating" role="status">
              <span className="spinner" aria-hidden="true" /> Updating the report…
            </p>
          ) : null}
          <BotBesideTeam {...botBesideTeam(ready.conversations, ready.messages)} />
          {sections.map((section) => (
            <ReportSectionView key={section.id} section={section} selection={selection} updating={updating} />
          ))}
        </div>
      )}
    </>
  );
}
