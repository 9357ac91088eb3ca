import type {
  AgentReportDto,
  ConversationFiguresDto,
  ConversationReportDto,
  HandoffReason,
  MessageFiguresDto,
  MessageReportDto,
  ReportGrouping,
} from '@neodesk/contracts';
import type { ChartSpec } from './chart-spec';
import {
  PERIOD_HEADINGS,
  formatCount,
  formatDecimal,
  formatDuration,
  formatPercent,
  formatPeriod,
} from './report-format';
import { type ReportCell, type ReportTable, figure, label } from './report-table';

/** One figure of a section's summary for the whole range. */
export interface SummaryFigure {
  label: string;
  value: string;
}

/** A chart with its heading, definition, whole-range figures, a sentence for screen readers and its table. */
export interface ReportSection {
  id: string;
  title: string;
  definition: string;
  summary: SummaryFigure[];
  chart: ChartSpec;
  /** The chart in words, for those who cannot see it. */
  description: string;
  table: ReportTable;
  csvName: string;
}

export const HANDOFF_REASON_LABELS: Record<HandoffReason, string> = {
  visitor_request: "Visitor's button",
  handoff_phrase: 'Handoff phrase',
  agent_takeover: 'Agent takeover',
  api_request: 'API request',
  bot_unavailable: 'Bot unavailable',
  bot_failed: 'Bot failed',
  guardrail: 'Reply check',
  low_confidence: 'Low confidence',
  repeated_question: 'Repeated question',
  negative_ratings: 'Negative ratings',
  no_answer: 'No answer',
};
const REASONS = Object.keys(HANDOFF_REASON_LABELS) as HandoffReason[];

const percent = (value: number | null) => (value === null ? null : value * 100);

function table<Period extends { period: string }, Totals>(
  caption: string,
  groupBy: ReportGrouping,
  columns: Array<{ heading: string; cell: (figures: Totals) => ReportCell }>,
  periods: Array<Period & Totals>,
  totals: Totals,
): ReportTable {
  return {
    caption,
    columns: [PERIOD_HEADINGS[groupBy], ...columns.map((column) => column.heading)],
    rows: periods.map((period) => [
      label(formatPeriod(period.period, groupBy)),
      ...columns.map((column) => column.cell(period)),
    ]),
    totals: [label('Whole range'), ...columns.map((column) => column.cell(totals))],
  };
}

/** "highest on 2026-03-02 (7)": the peak of a series, for the chart's description. */
function peak(labels: string[], values: Array<number | null>, format: (value: number) => string): string {
  let best = -1;
  values.forEach((value, index) => {
    if (value !== null && (best === -1 || value > (values[best] ?? 0))) {
      best = index;
    }
  });
  return best === -1 || values[best] === 0
    ? 'no data in any period'
    : `highest in ${labels[best]} (${format(values[best] ?? 0)})`;
}

type ConversationPeriod = ConversationReportDto['periods'][number];
type MessagePeriod = MessageReportDto['periods'][number];

export function reportSections(
  conversations: ConversationReportDto,
  messages: MessageReportDto,
  agents: AgentReportDto,
): ReportSection[] {
  const groupBy = conversations.groupBy;
  const labels = conversations.periods.map((period) => formatPeriod(period.period, groupBy));
  const messageLabels = messages.periods.map((period) => formatPeriod(period.period, groupBy));
  const c = conversations.totals;
  const m = messages.totals;
  const conversationTable = (
    caption: string,
    columns: Array<{ heading: string; cell: (figures: ConversationFiguresDto) => ReportCell }>,
  ) => table<ConversationPeriod, ConversationFiguresDto>(caption, groupBy, columns, conversations.periods, c);
  const messageTable = (
    caption: string,
    columns: Array<{ heading: string; cell: (figures: MessageFiguresDto) => ReportCell }>,
  ) => table<MessagePeriod, MessageFiguresDto>(caption, groupBy, columns, messages.periods, m);
  const per = <T>(periods: T[], value: (period: T) => number | null) => periods.map(value);

  const volume: ReportSection = {
    id: 'volume',
    title: 'Conversations and messages',
    definition:
      'Conversations counted in the period they started in; messages in the period they were written in, by author.',
    summary: [
      { label: 'Conversations started', value: formatCount(c.started) },
      { label: 'Customer messages', value: formatCount(m.customerMessages) },
      { label: 'Bot messages', value: formatCount(m.botMessages) },
      { label: 'Agent messages', value: formatCount(m.agentMessages) },
    ],
    chart: {
      labels,
      series: [
        { label: 'Conversations started', data: per(conversations.periods, (p) => p.started), colour: 1, kind: 'bar' },
        { label: 'Customer messages', data: per(messages.periods, (p) => p.customerMessages), colour: 4, kind: 'line' },
        { label: 'Bot messages', data: per(messages.periods, (p) => p.botMessages), colour: 2, kind: 'line' },
        { label: 'Agent messages', data: per(messages.periods, (p) => p.agentMessages), colour: 3, kind: 'line' },
      ],
      y: { title: 'Count', format: 'count' },
    },
    description: `Conversations started per period, ${peak(
      labels,
      per(conversations.periods, (p) => p.started),
      formatCount,
    )}; customer, bot and agent messages per period as lines.`,
    table: {
      caption: 'Conversations started and messages by author, per period',
      columns: [
        PERIOD_HEADINGS[groupBy],
        'Conversations started',
        'Customer messages',
        'Bot messages',
        'Agent messages',
      ],
      rows: conversations.periods.map((period, index) => {
        const written = messages.periods[index];
        return [
          label(labels[index]),
          figure(formatCount(period.started)),
          figure(formatCount(written?.customerMessages ?? 0)),
          figure(formatCount(written?.botMessages ?? 0)),
          figure(formatCount(written?.agentMessages ?? 0)),
        ];
      }),
      totals: [
        label('Whole range'),
        figure(formatCount(c.started)),
        figure(formatCount(m.customerMessages)),
        figure(formatCount(m.botMessages)),
        figure(formatCount(m.agentMessages)),
      ],
    },
    csvName: 'conversations',
  };

  const containment: ReportSection = {
    id: 'containment',
    title: 'Bot containment and handoffs',
    definition:
      'Of the conversations the bot answered: contained ones ended resolved or idle with no human message and were not reopened within 7 days; handed-off ones went to a person.',
    summary: [
      { label: 'Containment rate', value: formatPercent(c.containmentRate) },
      { label: 'Handoff rate', value: formatPercent(c.handoffRate) },
      { label: 'Bot conversations', value: formatCount(c.botConversations) },
    ],
    chart: {
      labels,
      series: [
        {
          label: 'Containment rate',
          data: per(conversations.periods, (p) => percent(p.containmentRate)),
          colour: 2,
          kind: 'line',
        },
        {
          label: 'Handoff rate',
          data: per(conversations.periods, (p) => percent(p.handoffRate)),
          colour: 5,
          kind: 'line',
        },
      ],
      y: { title: 'Percent of bot conversations', format: 'percent' },
    },
    description: `Containment ${formatPercent(c.containmentRate)} and handoff rate ${formatPercent(c.handoffRate)} of ${formatCount(c.botConversations)} bot conversations over the range, per period as lines.`,
    table: conversationTable('Bot containment and handoff rate, per period', [
      { heading: 'Bot conversations', cell: (f) => figure(formatCount(f.botConversations)) },
      { heading: 'Contained', cell: (f) => figure(formatCount(f.contained)) },
      { heading: 'Containment rate', cell: (f) => figure(formatPercent(f.containmentRate)) },
      { heading: 'Handed off', cell: (f) => figure(formatCount(f.handedOff)) },
      { heading: 'Handoff rate', cell: (f) => figure(formatPercent(f.handoffRate)) },
    ]),
    csvName: 'containment',
  };

  const reasons: ReportSection = {
    id: 'handoff-reasons',
    title: 'Handoff reasons',
    definition:
      "Why bot conversations went to a person: the visitor's button, a handoff phrase, an agent taking over, a request over the API, the bot unavailable or failing.",
    summary: REASONS.filter((reason) => c.handoffReasons[reason] > 0).map((reason) => ({
      label: HANDOFF_REASON_LABELS[reason],
      value: formatCount(c.handoffReasons[reason]),
    })),
    chart: {
      labels,
      series: REASONS.map((reason, index) => ({
        label: HANDOFF_REASON_LABELS[reason],
        data: per(conversations.periods, (p) => p.handoffReasons[reason]),
        colour: (index + 1) as 1 | 2 | 3 | 4 | 5 | 6,
        kind: 'bar' as const,
      })),
      y: { title: 'Handoffs', format: 'count' },
      stacked: true,
    },
    description: `${formatCount(c.handedOff)} handoffs over the range: ${REASONS.map((reason) => `${HANDOFF_REASON_LABELS[reason]} ${formatCount(c.handoffReasons[reason])}`).join(', ')}; stacked per period.`,
    table: conversationTable('Handoffs by reason, per period', [
      ...REASONS.map((reason) => ({
        heading: HANDOFF_REASON_LABELS[reason],
        cell: (f: ConversationFiguresDto) => figure(formatCount(f.handoffReasons[reason])),
      })),
      { heading: 'All handoffs', cell: (f) => figure(formatCount(f.handedOff)) },
    ]),
    csvName: 'handoff-reasons',
  };
  if (reasons.summary.length === 0) {
    reasons.summary = [{ label: 'Handoffs', value: formatCount(0) }];
  }

  const firstResponse: ReportSection = {
    id: 'first-response',
    title: 'First response: the bot and a person',
    definition:
      "The bot's is from the conversation's first customer message to its first bot message; a person's is from the handoff to the first agent message. Median and 90th percentile.",
    summary: [
      { label: 'Bot, median', value: formatDuration(c.botFirstResponse.medianMs) },
      { label: 'Bot, 90th percentile', value: formatDuration(c.botFirstResponse.p90Ms) },
      { label: 'Person, median', value: formatDuration(c.personFirstResponse.medianMs) },
      { label: 'Person, 90th percentile', value: formatDuration(c.personFirstResponse.p90Ms) },
    ],
    chart: {
      labels,
      series: [
        {
          label: 'Bot, median',
          data: per(conversations.periods, (p) => p.botFirstResponse.medianMs),
          colour: 2,
          kind: 'bar',
        },
        {
          label: 'Person, median',
          data: per(conversations.periods, (p) => p.personFirstResponse.medianMs),
          colour: 3,
          kind: 'bar',
        },
      ],
      y: { title: 'Time', format: 'duration', logarithmic: true },
    },
    description: `Median first response over the range: the bot ${formatDuration(c.botFirstResponse.medianMs)}, a person ${formatDuration(c.personFirstResponse.medianMs)}; per period as bars on a logarithmic time axis.`,
    table: conversationTable('First response of the bot and of a person, per period', [
      { heading: 'Bot answered', cell: (f) => figure(formatCount(f.botFirstResponse.count)) },
      { heading: 'Bot median', cell: (f) => figure(formatDuration(f.botFirstResponse.medianMs)) },
      { heading: 'Bot p90', cell: (f) => figure(formatDuration(f.botFirstResponse.p90Ms)) },
      { heading: 'Person answered', cell: (f) => figure(formatCount(f.personFirstResponse.count)) },
      { heading: 'Person median', cell: (f) => figure(formatDuration(f.personFirstResponse.medianMs)) },
      { heading: 'Person p90', cell: (f) => figure(formatDuration(f.personFirstResponse.p90Ms)) },
    ]),
    csvName: 'first-response',
  };

  const resolution: ReportSection = {
    id: 'resolution',
    title: 'Resolution time',
    definition:
      "Of the conversations resolved now: from the first customer message to the latest resolve; after a handoff, from the handoff instead, so bot time never counts as a person's. Median and 90th percentile.",
    summary: [
      { label: 'Resolved', value: formatCount(c.resolved) },
      { label: 'Median', value: formatDuration(c.resolution.medianMs) },
      { label: 'After a handoff, median', value: formatDuration(c.resolutionAfterHandoff.medianMs) },
    ],
    chart: {
      labels,
      series: [
        {
          label: 'All resolved, median',
          data: per(conversations.periods, (p) => p.resolution.medianMs),
          colour: 1,
          kind: 'bar',
        },
        {
          label: 'After a handoff, median',
          data: per(conversations.periods, (p) => p.resolutionAfterHandoff.medianMs),
          colour: 3,
          kind: 'bar',
        },
      ],
      y: { title: 'Time', format: 'duration', logarithmic: true },
    },
    description: `${formatCount(c.resolved)} conversations resolved, median ${formatDuration(c.resolution.medianMs)}; after a handoff median ${formatDuration(c.resolutionAfterHandoff.medianMs)}; per period as bars on a logarithmic time axis.`,
    table: conversationTable('Resolution time, per period', [
      { heading: 'Resolved', cell: (f) => figure(formatCount(f.resolved)) },
      { heading: 'Median', cell: (f) => figure(formatDuration(f.resolution.medianMs)) },
      { heading: 'p90', cell: (f) => figure(formatDuration(f.resolution.p90Ms)) },
      { heading: 'Resolved after handoff', cell: (f) => figure(formatCount(f.resolutionAfterHandoff.count)) },
      { heading: 'After handoff median', cell: (f) => figure(formatDuration(f.resolutionAfterHandoff.medianMs)) },
      { heading: 'After handoff p90', cell: (f) => figure(formatDuration(f.resolutionAfterHandoff.p90Ms)) },
    ]),
    csvName: 'resolution',
  };

  const satisfaction: ReportSection = {
    id: 'satisfaction',
    title: 'Customer satisfaction',
    definition:
      'CSAT: positive ratings (4 or 5) of all ratings; response rate: resolved conversations with a rating of all resolved ones.',
    summary: [
      { label: 'CSAT', value: formatPercent(c.satisfaction.csat) },
      { label: 'Response rate', value: formatPercent(c.satisfaction.responseRate) },
      { label: 'Ratings', value: formatCount(c.satisfaction.responses) },
    ],
    chart: {
      labels,
      series: [
        {
          label: 'CSAT',
          data: per(conversations.periods, (p) => percent(p.satisfaction.csat)),
          colour: 3,
          kind: 'line',
        },
        {
          label: 'Response rate',
          data: per(conversations.periods, (p) => percent(p.satisfaction.responseRate)),
          colour: 1,
          kind: 'line',
        },
      ],
      y: { title: 'Percent', format: 'percent' },
    },
    description: `CSAT ${formatPercent(c.satisfaction.csat)} from ${formatCount(c.satisfaction.responses)} ratings, response rate ${formatPercent(c.satisfaction.responseRate)}; per period as lines.`,
    table: conversationTable('Customer satisfaction, per period', [
      { heading: 'Ratings', cell: (f) => figure(formatCount(f.satisfaction.responses)) },
      { heading: 'Positive', cell: (f) => figure(formatCount(f.satisfaction.positive)) },
      { heading: 'CSAT', cell: (f) => figure(formatPercent(f.satisfaction.csat)) },
      { heading: 'Resolved with a rating', cell: (f) => figure(formatCount(f.satisfaction.resolvedWithResponse)) },
      { heading: 'Response rate', cell: (f) => figure(formatPercent(f.satisfaction.responseRate)) },
    ]),
    csvName: 'satisfaction',
  };

  const ratings: ReportSection = {
    id: 'bot-ratings',
    title: 'Thumbs on bot replies',
    definition: 'Bot messages the customer rated thumbs up or thumbs down, of all bot messages written in the period.',
    summary: [
      { label: 'Thumbs up', value: formatPercent(m.feedback.thumbsUpRate) },
      { label: 'Thumbs down', value: formatPercent(m.feedback.thumbsDownRate) },
      { label: 'Bot messages', value: formatCount(m.botMessages) },
    ],
    chart: {
      labels: messageLabels,
      series: [
        {
          label: 'Thumbs up rate',
          data: per(messages.periods, (p) => percent(p.feedback.thumbsUpRate)),
          colour: 3,
          kind: 'bar',
        },
        {
          label: 'Thumbs down rate',
          data: per(messages.periods, (p) => percent(p.feedback.thumbsDownRate)),
          colour: 5,
          kind: 'bar',
        },
      ],
      y: { title: 'Percent of bot messages', format: 'percent' },
    },
    description: `Thumbs up on ${formatPercent(m.feedback.thumbsUpRate)} and thumbs down on ${formatPercent(m.feedback.thumbsDownRate)} of ${formatCount(m.botMessages)} bot messages; per period as bars.`,
    table: messageTable('Thumbs up and down on bot replies, per period', [
      { heading: 'Bot messages', cell: (f) => figure(formatCount(f.botMessages)) },
      { heading: 'Thumbs up', cell: (f) => figure(formatCount(f.feedback.thumbsUp)) },
      { heading: 'Thumbs down', cell: (f) => figure(formatCount(f.feedback.thumbsDown)) },
      { heading: 'Thumbs up rate', cell: (f) => figure(formatPercent(f.feedback.thumbsUpRate)) },
      { heading: 'Thumbs down rate', cell: (f) => figure(formatPercent(f.feedback.thumbsDownRate)) },
    ]),
    csvName: 'bot-ratings',
  };

  const generation: ReportSection = {
    id: 'generation',
    title: 'Bot generation speed',
    definition:
      'From the stored figures of each generated reply: time to first token (50th and 95th percentile) and tokens per second (all completion tokens ÷ all generation time).',
    summary: [
      { label: 'Time to first token, p50', value: formatDuration(m.generation.timeToFirstTokenP50Ms) },
      { label: 'Time to first token, p95', value: formatDuration(m.generation.timeToFirstTokenP95Ms) },
      { label: 'Tokens per second', value: formatDecimal(m.generation.tokensPerSecond) },
    ],
    chart: {
      labels: messageLabels,
      series: [
        {
          label: 'Time to first token, p50',
          data: per(messages.periods, (p) => p.generation.timeToFirstTokenP50Ms),
          colour: 2,
          kind: 'bar',
        },
        {
          label: 'Time to first token, p95',
          data: per(messages.periods, (p) => p.generation.timeToFirstTokenP95Ms),
          colour: 6,
          kind: 'bar',
        },
        {
          label: 'Tokens per second',
          data: per(messages.periods, (p) => p.generation.tokensPerSecond),
          colour: 4,
          kind: 'line',
          secondAxis: true,
        },
      ],
      y: { title: 'Time to first token', format: 'duration' },
      y2: { title: 'Tokens per second', format: 'decimal' },
    },
    description: `${formatCount(m.generation.replies)} generated replies: time to first token p50 ${formatDuration(m.generation.timeToFirstTokenP50Ms)}, p95 ${formatDuration(m.generation.timeToFirstTokenP95Ms)}, ${formatDecimal(m.generation.tokensPerSecond)} tokens per second; per period, times as bars and speed as a line.`,
    table: messageTable('Bot generation speed, per period', [
      { heading: 'Replies generated', cell: (f) => figure(formatCount(f.generation.replies)) },
      { heading: 'First token p50', cell: (f) => figure(formatDuration(f.generation.timeToFirstTokenP50Ms)) },
      { heading: 'First token p95', cell: (f) => figure(formatDuration(f.generation.timeToFirstTokenP95Ms)) },
      { heading: 'Tokens', cell: (f) => figure(formatCount(f.generation.completionTokens)) },
      { heading: 'Tokens per second', cell: (f) => figure(formatDecimal(f.generation.tokensPerSecond)) },
    ]),
    csvName: 'generation',
  };

  const agentNames = agents.agents.map((agent) => agent.name ?? 'Deleted user');
  const team: ReportSection = {
    id: 'agents',
    title: 'Agents',
    definition: "Each agent's replies written in the range and the conversations they replied in.",
    summary: [
      { label: 'Agents who replied', value: formatCount(agents.agents.length) },
      { label: 'Replies', value: formatCount(agents.agents.reduce((sum, agent) => sum + agent.replies, 0)) },
    ],
    chart: {
      labels: agentNames,
      series: [
        { label: 'Conversations', data: agents.agents.map((agent) => agent.conversations), colour: 1, kind: 'bar' },
        { label: 'Replies', data: agents.agents.map((agent) => agent.replies), colour: 3, kind: 'bar' },
      ],
      y: { title: 'Count', format: 'count' },
      horizontal: true,
    },
    description:
      agents.agents.length === 0
        ? 'No agent replied in this range.'
        : `Conversations and replies of ${agents.agents.length} agents as horizontal bars: ${agents.agents.map((agent, index) => `${agentNames[index]} ${formatCount(agent.replies)} replies`).join(', ')}.`,
    table: {
      caption: 'Conversations and replies per agent over the range',
      columns: ['Agent', 'Conversations', 'Replies'],
      rows: agents.agents.map((agent, index) => [
        label(agentNames[index]),
        figure(formatCount(agent.conversations)),
        figure(formatCount(agent.replies)),
      ]),
      totals: null,
    },
    csvName: 'agents',
  };

  return [volume, containment, reasons, firstResponse, resolution, satisfaction, ratings, generation, team];
}

/** The bot's figures beside the team's, over the whole range. */
export function botBesideTeam(
  conversations: ConversationReportDto,
  messages: MessageReportDto,
): { bot: SummaryFigure[]; team: SummaryFigure[] } {
  const c = conversations.totals;
  const m = messages.totals;
  return {
    bot: [
      { label: 'Contained', value: formatPercent(c.containmentRate) },
      { label: 'First response, median', value: formatDuration(c.botFirstResponse.medianMs) },
      { label: 'Thumbs up', value: formatPercent(m.feedback.thumbsUpRate) },
      { label: 'Messages', value: formatCount(m.botMessages) },
    ],
    team: [
      { label: 'Handed to people', value: formatPercent(c.handoffRate) },
      { label: 'First response after handoff, median', value: formatDuration(c.personFirstResponse.medianMs) },
      { label: 'CSAT', value: formatPercent(c.satisfaction.csat) },
      { label: 'Messages', value: formatCount(m.agentMessages) },
    ],
  };
}
