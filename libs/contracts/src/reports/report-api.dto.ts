import { z } from 'zod';
import type { HandoffReason } from '../bot/bot-reply';

import { REPORT_GROUPINGS, REPORT_MAX_RANGE_DAYS } from './report-limits';

export { REPORT_GROUPINGS, REPORT_MAX_RANGE_DAYS, type ReportGrouping } from './report-limits';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME_ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/** Whether `name` is an IANA time zone name (`Europe/Paris`, `UTC`), not an offset or an abbreviation. */
export function isTimeZone(name: string): boolean {
  if (!TIME_ZONE_NAME.test(name)) {
    return false;
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, in milliseconds. */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((candidate) => candidate.type === type)?.value ?? 0);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant of a report bound: an ISO 8601 instant as it is, or a day (`2026-03-01`) as its midnight
 * in `timeZone` (the first moment of that day where midnight is skipped by a clock change).
 */
export function reportInstant(value: string, timeZone: string): Date {
  if (!DAY.test(value)) {
    return new Date(value);
  }
  const wall = Date.parse(`${value}T00:00:00Z`);
  // The offset at midnight UTC, then at that first guess: one of them is right unless midnight is skipped,
  // and then the later one is the moment the clock jumps to (as PostgreSQL reads a skipped local time).
  const first = wall - zoneOffsetMs(wall, timeZone);
  const second = wall - zoneOffsetMs(first, timeZone);
  const exact = [second, first].find((instant) => instant + zoneOffsetMs(instant, timeZone) === wall);
  return new Date(exact ?? Math.max(first, second));
}

const bound = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

/**
 * The query of every `GET /api/v1/reports/...` route: `from` inclusive, `to` exclusive, at most a year
 * apart, periods of `groupBy` starting at midnight in `timeZone`.
 */
export const reportQuerySchema = z
  .strictObject({
    from: bound.meta({ description: 'Start, inclusive: ISO 8601, or a day (its midnight in `timeZone`)' }),
    to: bound.meta({ description: 'End, exclusive: ISO 8601, or a day (its midnight in `timeZone`)' }),
    groupBy: z
      .enum(REPORT_GROUPINGS)
      .meta({ description: 'Length of a period (weeks start on Monday)' })
      .default('day'),
    timeZone: z
      .string()
      .max(64)
      .refine(isTimeZone, { message: 'timeZone must be an IANA time zone name such as Europe/Paris' })
      .meta({ description: 'IANA time zone of the periods and of days given as `from`/`to`', example: 'Europe/Paris' })
      .default('UTC'),
  })
  .superRefine((query, context) => {
    if (!isTimeZone(query.timeZone)) {
      return;
    }
    const from = reportInstant(query.from, query.timeZone).getTime();
    const to = reportInstant(query.to, query.timeZone).getTime();
    if (from >= to) {
      context.addIssue({ code: 'custom', message: 'from must be before to', path: ['to'] });
    } else if (to - from > REPORT_MAX_RANGE_DAYS * 86_400_000) {
      context.addIssue({
        code: 'custom',
        message: `to must be at most ${REPORT_MAX_RANGE_DAYS} days after from`,
        path: ['to'],
      });
    }
  });
export type ReportQuery = z.infer<typeof reportQuerySchema>;

const rate = z.number().nullable().meta({ description: 'A fraction from 0 to 1; null when the divisor is 0' });
const ms = z.number().nullable().meta({ description: 'Milliseconds; null when nothing was measured' });

/** Median and 90th percentile (linear interpolation, `percentile_cont`) of `count` durations. */
const durationSchema = z.object({ count: z.int(), medianMs: ms, p90Ms: ms });

const periodFields = {
  period: z.iso.date().meta({ description: "The period's first day in the report's time zone" }),
  start: z.iso
    .datetime()
    .meta({ description: 'That midnight as an instant (the first period may start before `from`)' }),
};

const rangeFields = {
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  groupBy: z.enum(REPORT_GROUPINGS),
  timeZone: z.string(),
};

export const conversationFiguresSchema = z.object({
  started: z.int(),
  botConversations: z.int(),
  contained: z.int(),
  containmentRate: rate,
  handedOff: z.int(),
  handoffRate: rate,
  handoffReasons: z.object({
    visitor_request: z.int(),
    handoff_phrase: z.int(),
    agent_takeover: z.int(),
    api_request: z.int(),
    bot_unavailable: z.int(),
    bot_failed: z.int(),
    guardrail: z.int(),
    low_confidence: z.int(),
    repeated_question: z.int(),
    negative_ratings: z.int(),
    no_answer: z.int(),
  } satisfies Record<HandoffReason, z.ZodInt>),
  botFirstResponse: durationSchema,
  personFirstResponse: durationSchema,
  resolved: z.int(),
  resolution: durationSchema,
  resolutionAfterHandoff: durationSchema,
  satisfaction: z.object({
    responses: z.int(),
    positive: z.int(),
    csat: rate,
    resolvedWithResponse: z.int(),
    responseRate: rate,
  }),
});
export type ConversationFiguresDto = z.infer<typeof conversationFiguresSchema>;

/** `GET /api/v1/reports/conversations`: each conversation counted in the period it started in. */
export const conversationReportSchema = z.object({
  ...rangeFields,
  periods: z.array(conversationFiguresSchema.extend(periodFields)),
  totals: conversationFiguresSchema,
});
export type ConversationReportDto = z.infer<typeof conversationReportSchema>;

export const messageFiguresSchema = z.object({
  customerMessages: z.int(),
  botMessages: z.int(),
  agentMessages: z.int(),
  feedback: z.object({ thumbsUp: z.int(), thumbsDown: z.int(), thumbsUpRate: rate, thumbsDownRate: rate }),
  generation: z.object({
    replies: z.int(),
    timeToFirstTokenP50Ms: ms,
    timeToFirstTokenP95Ms: ms,
    completionTokens: z.int(),
    tokensPerSecond: z.number().nullable(),
  }),
});
export type MessageFiguresDto = z.infer<typeof messageFiguresSchema>;

/** `GET /api/v1/reports/messages`: each message counted in the period it was written in. */
export const messageReportSchema = z.object({
  ...rangeFields,
  periods: z.array(messageFiguresSchema.extend(periodFields)),
  totals: messageFiguresSchema,
});
export type MessageReportDto = z.infer<typeof messageReportSchema>;

const agentFiguresSchema = z.object({ conversations: z.int(), replies: z.int() });

/** `GET /api/v1/reports/agents`: each agent who replied in the range, by name. */
export const agentReportSchema = z.object({
  ...rangeFields,
  agents: z.array(
    agentFiguresSchema.extend({
      agentId: z.guid().nullable().meta({ description: 'Null for replies of users deleted since' }),
      name: z.string().nullable(),
      periods: z.array(agentFiguresSchema.extend(periodFields)),
    }),
  ),
});
export type AgentReportDto = z.infer<typeof agentReportSchema>;

/** `GET /api/v1/reports/live`: the workspace's open conversations now, by status, and the longest wait. */
export const liveReportSchema = z
  .object({
    at: z.iso.datetime().meta({ description: "The service's clock when counted" }),
    open: z
      .object({
        bot: z.int().meta({ description: 'The bot answers' }),
        waiting_human: z.int().meta({ description: 'Waiting for a person' }),
        human: z.int().meta({ description: 'With an agent' }),
      })
      .meta({ description: 'Conversations not resolved, by status' }),
    oldestWaitingSince: z.iso
      .datetime()
      .nullable()
      .meta({ description: 'When the conversation waiting longest was handed to a person; null when none waits' }),
    longestWaitMs: z.int().nullable().meta({ description: '`at` minus `oldestWaitingSince`' }),
  })
  .meta({
    examples: [
      {
        at: '2026-11-26T10:00:00.000Z',
        open: { bot: 12, waiting_human: 2, human: 5 },
        oldestWaitingSince: '2026-11-26T09:57:30.000Z',
        longestWaitMs: 150000,
      },
    ],
  });
export type LiveReportDto = z.infer<typeof liveReportSchema>;
