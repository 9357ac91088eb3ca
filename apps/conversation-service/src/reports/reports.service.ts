import { Inject, Injectable } from '@nestjs/common';
import {
  type AgentReportDto,
  type ConversationFiguresDto,
  type ConversationReportDto,
  type LiveReportDto,
  type MessageFiguresDto,
  type MessageReportDto,
  type ReportQuery,
  reportInstant,
} from '@neodesk/contracts';
import {
  type ConversationReportRow,
  type MessageReportRow,
  type ReportRange,
  Repositories,
} from '@neodesk/persistence';

/** A bot-owned conversation with no message for this long has ended (idle) as far as containment goes. */
export const IDLE_AFTER_MS = 24 * 60 * 60 * 1000;

/** Support and bot figures of one workspace over a range, per period in a time zone (README "Reports"). */
@Injectable()
export class ReportsService {
  constructor(@Inject(Repositories) private readonly repositories: Repositories) {}

  async conversations(workspaceId: string, query: ReportQuery): Promise<ConversationReportDto> {
    const range = this.range(workspaceId, query);
    const rows = await this.repositories.supportReports.conversations(range);
    return { ...rangeOf(range), ...split(rows, conversationFigures) };
  }

  async messages(workspaceId: string, query: ReportQuery): Promise<MessageReportDto> {
    const range = this.range(workspaceId, query);
    const rows = await this.repositories.supportReports.messages(range);
    return { ...rangeOf(range), ...split(rows, messageFigures) };
  }

  async agents(workspaceId: string, query: ReportQuery): Promise<AgentReportDto> {
    const range = this.range(workspaceId, query);
    const rows = await this.repositories.supportReports.agents(range);
    const agents = new Map<string | null, AgentReportDto['agents'][number]>();
    for (const row of rows) {
      let agent = agents.get(row.agentId);
      if (agent === undefined) {
        agent = { agentId: row.agentId, name: row.name, conversations: 0, replies: 0, periods: [] };
        agents.set(row.agentId, agent);
      }
      if (row.period === null || row.start === null) {
        agent.conversations = row.conversations;
        agent.replies = row.replies;
      } else {
        agent.periods.push({
          period: row.period,
          start: row.start.toISOString(),
          conversations: row.conversations,
          replies: row.replies,
        });
      }
    }
    return { ...rangeOf(range), agents: [...agents.values()] };
  }

  async live(workspaceId: string): Promise<LiveReportDto> {
    const row = await this.repositories.supportReports.live(workspaceId);
    return {
      at: row.at.toISOString(),
      open: { bot: row.bot, waiting_human: row.waitingHuman, human: row.human },
      oldestWaitingSince: row.oldestWaitingSince?.toISOString() ?? null,
      longestWaitMs:
        row.oldestWaitingSince === null ? null : Math.max(0, row.at.getTime() - row.oldestWaitingSince.getTime()),
    };
  }

  private range(workspaceId: string, query: ReportQuery): ReportRange {
    return {
      workspaceId,
      from: reportInstant(query.from, query.timeZone),
      to: reportInstant(query.to, query.timeZone),
      timeZone: query.timeZone,
      groupBy: query.groupBy,
      idleBefore: new Date(Date.now() - IDLE_AFTER_MS),
    };
  }
}

function rangeOf(range: ReportRange): Pick<ConversationReportDto, 'from' | 'to' | 'groupBy' | 'timeZone'> {
  return {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    groupBy: range.groupBy,
    timeZone: range.timeZone,
  };
}

/** The period rows in order and the totals row (the one without a period). */
function split<Row extends { period: string | null; start: Date | null }, Figures>(
  rows: Row[],
  figures: (row: Row) => Figures,
): { periods: Array<Figures & { period: string; start: string }>; totals: Figures } {
  const periods: Array<Figures & { period: string; start: string }> = [];
  let totals: Figures | undefined;
  for (const row of rows) {
    if (row.period === null || row.start === null) {
      totals = figures(row);
    } else {
      periods.push({ period: row.period, start: row.start.toISOString(), ...figures(row) });
    }
  }
  if (totals === undefined) {
    throw new Error('The report has no totals row');
  }
  return { periods, totals };
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

function conversationFigures(row: ConversationReportRow): ConversationFiguresDto {
  return {
    started: row.started,
    botConversations: row.botConversations,
    contained: row.contained,
    containmentRate: ratio(row.contained, row.botConversations),
    handedOff: row.handedOff,
    handoffRate: ratio(row.handedOff, row.botConversations),
    handoffReasons: row.handoffReasons,
    botFirstResponse: {
      count: row.botFirstResponseCount,
      medianMs: row.botFirstResponseMedianMs,
      p90Ms: row.botFirstResponseP90Ms,
    },
    personFirstResponse: {
      count: row.personFirstResponseCount,
      medianMs: row.personFirstResponseMedianMs,
      p90Ms: row.personFirstResponseP90Ms,
    },
    resolved: row.resolved,
    resolution: { count: row.resolved, medianMs: row.resolutionMedianMs, p90Ms: row.resolutionP90Ms },
    resolutionAfterHandoff: {
      count: row.resolvedAfterHandoff,
      medianMs: row.resolutionAfterHandoffMedianMs,
      p90Ms: row.resolutionAfterHandoffP90Ms,
    },
    satisfaction: {
      responses: row.satisfactionResponses,
      positive: row.satisfactionPositive,
      csat: ratio(row.satisfactionPositive, row.satisfactionResponses),
      resolvedWithResponse: row.resolvedWithSatisfaction,
      responseRate: ratio(row.resolvedWithSatisfaction, row.resolved),
    },
  };
}

function messageFigures(row: MessageReportRow): MessageFiguresDto {
  return {
    customerMessages: row.customerMessages,
    botMessages: row.botMessages,
    agentMessages: row.agentMessages,
    feedback: {
      thumbsUp: row.thumbsUp,
      thumbsDown: row.thumbsDown,
      thumbsUpRate: ratio(row.thumbsUp, row.botMessages),
      thumbsDownRate: ratio(row.thumbsDown, row.botMessages),
    },
    generation: {
      replies: row.generatedReplies,
      timeToFirstTokenP50Ms: row.timeToFirstTokenP50Ms,
      timeToFirstTokenP95Ms: row.timeToFirstTokenP95Ms,
      completionTokens: row.completionTokens,
      tokensPerSecond: row.generationMs === 0 ? null : (row.completionTokens * 1000) / row.generationMs,
    },
  };
}
