/**
 * The soak's checker: reads the database after the load and verifies, independently of what the clients
 * counted, the promises a support team relies on:
 *   1. every acknowledged customer message is stored exactly once (by client message id, at the acked seq);
 *   2. each conversation's sequence numbers run 1..n without gaps, and last_seq is n;
 *   3. every customer message a bot-mode visitor wrote while the bot owned the conversation is answered by
 *      exactly one bot message, or by the fallback message and a handoff (or a handoff alone, for a handoff
 *      phrase or a repeated question, where no reply is due);
 *   4. no bot message is stored after the bot lost the conversation (an agent's takeover or a handoff).
 * Customer messages that follow one another before an answer (a visitor writing again) form one turn:
 * the newest supersedes the reply to the older ones, and one answer answers the turn.
 */
import type { Client } from 'pg';
import type { AckedMessage, ConversationMode } from './soak-protocol';

/** Handoffs that come with the fallback message (the bot could not answer). */
const FALLBACK_REASONS = ['bot_failed', 'bot_unavailable', 'guardrail'];
/** Handoffs where no reply is due: the customer's own words sent the conversation to a person. */
const NO_REPLY_REASONS = ['handoff_phrase', 'repeated_question', 'visitor_request'];
const EXAMPLES_KEPT = 5;

export interface CheckerInput {
  conversations: Array<{ id: string; mode: ConversationMode }>;
  acked: AckedMessage[];
}

export interface Violation {
  rule: 'lost' | 'duplicated' | 'seq_gap' | 'unanswered' | 'double_answer' | 'bot_after_takeover' | 'fallback';
  conversationId: string;
  detail: string;
}

export interface CheckerVerdict {
  conversations: number;
  stored: { customer: number; bot: number; agent: number; system: number };
  /** Acked messages not in the database at their acked seq. */
  lost: number;
  /** Extra rows for one client message id, and turns answered by more than one bot message. */
  duplicated: number;
  seqGaps: number;
  /** Bot-mode turns with no answer, or a fallback handoff without its message. */
  unanswered: number;
  botAfterTakeover: number;
  botTurns: { total: number; replied: number; fallback: number; handedOver: number };
  handoffReasons: Record<string, number>;
  violations: Violation[];
  /** A few violations of each rule, for the report. */
  examples: Violation[];
}

interface MessageRow {
  conversation_id: string;
  seq: number;
  author: 'customer' | 'bot' | 'agent' | 'system';
  client_message_id: string | null;
  created_at: Date;
}

interface StatusChangeRow {
  conversation_id: string;
  from_status: string;
  to_status: string;
  reason: string | null;
  created_at: Date;
}

export async function checkSoak(db: Client, input: CheckerInput): Promise<CheckerVerdict> {
  const ids = input.conversations.map((conversation) => conversation.id);
  const { rows: messages } = await db.query<MessageRow>(
    `SELECT conversation_id, seq, author, client_message_id, created_at FROM messages
     WHERE conversation_id = ANY($1::uuid[]) ORDER BY conversation_id, seq`,
    [ids],
  );
  const { rows: changes } = await db.query<StatusChangeRow>(
    `SELECT conversation_id, from_status, to_status, reason, created_at FROM conversation_status_changes
     WHERE conversation_id = ANY($1::uuid[]) ORDER BY conversation_id, created_at`,
    [ids],
  );
  const { rows: counters } = await db.query<{ id: string; last_seq: number }>(
    'SELECT id, last_seq FROM conversations WHERE id = ANY($1::uuid[])',
    [ids],
  );
  const byConversation = groupBy(messages, (row) => row.conversation_id);
  const changesByConversation = groupBy(changes, (row) => row.conversation_id);
  const lastSeq = new Map(counters.map((row) => [row.id, row.last_seq]));
  const violations: Violation[] = [];
  const verdict: CheckerVerdict = {
    conversations: ids.length,
    stored: { customer: 0, bot: 0, agent: 0, system: 0 },
    lost: 0,
    duplicated: 0,
    seqGaps: 0,
    unanswered: 0,
    botAfterTakeover: 0,
    botTurns: { total: 0, replied: 0, fallback: 0, handedOver: 0 },
    handoffReasons: {},
    violations,
    examples: [],
  };
  for (const row of messages) {
    verdict.stored[row.author] += 1;
  }
  for (const change of changes) {
    if (change.from_status === 'bot' && change.to_status !== 'bot') {
      const reason = change.reason ?? change.to_status;
      verdict.handoffReasons[reason] = (verdict.handoffReasons[reason] ?? 0) + 1;
    }
  }

  // 1. Acked messages stored once, at the seq the ack named.
  const stored = new Map<string, MessageRow[]>();
  for (const row of messages) {
    if (row.client_message_id !== null) {
      const key = `${row.conversation_id}/${row.client_message_id}`;
      stored.set(key, [...(stored.get(key) ?? []), row]);
    }
  }
  for (const ack of input.acked) {
    const rows = stored.get(`${ack.conversationId}/${ack.clientMessageId}`) ?? [];
    if (!rows.some((row) => row.seq === ack.seq && row.author === 'customer')) {
      verdict.lost += 1;
      violations.push({
        rule: 'lost',
        conversationId: ack.conversationId,
        detail: `${ack.clientMessageId} acked at seq ${ack.seq}, stored at ${rows.map((row) => row.seq).join(', ') || 'none'}`,
      });
    }
  }
  for (const [key, rows] of stored) {
    if (rows.length > 1) {
      verdict.duplicated += rows.length - 1;
      violations.push({
        rule: 'duplicated',
        conversationId: rows[0].conversation_id,
        detail: `${key.split('/')[1]} stored ${rows.length} times (seq ${rows.map((row) => row.seq).join(', ')})`,
      });
    }
  }

  for (const { id, mode } of input.conversations) {
    const rows = byConversation.get(id) ?? [];
    const statusChanges = changesByConversation.get(id) ?? [];
    // 2. Sequence numbers 1..n, and the counter at n.
    const gaps = rows.filter((row, index) => row.seq !== index + 1).length;
    const counter = lastSeq.get(id);
    if (gaps > 0 || counter !== rows.length) {
      verdict.seqGaps += Math.max(gaps, 1);
      violations.push({
        rule: 'seq_gap',
        conversationId: id,
        detail: `seqs ${rows.map((row) => row.seq).join(',')}, last_seq ${counter}`,
      });
    }
    // 4. No bot message once the bot lost the conversation (no conversation is handed back in the soak).
    const lostAt = statusChanges.find((change) => change.from_status === 'bot' && change.to_status !== 'bot');
    if (lostAt !== undefined) {
      for (const row of rows) {
        if (row.author === 'bot' && row.created_at > lostAt.created_at) {
          verdict.botAfterTakeover += 1;
          violations.push({
            rule: 'bot_after_takeover',
            conversationId: id,
            detail: `bot message seq ${row.seq} at ${row.created_at.toISOString()} after ${lostAt.to_status} (${lostAt.reason ?? '-'}) at ${lostAt.created_at.toISOString()}`,
          });
        }
      }
    }
    if (mode === 'bot') {
      checkBotTurns(id, rows, lostAt, verdict, violations);
    }
  }
  const perRule = new Map<string, number>();
  for (const violation of violations) {
    const seen = perRule.get(violation.rule) ?? 0;
    if (seen < EXAMPLES_KEPT) {
      verdict.examples.push(violation);
    }
    perRule.set(violation.rule, seen + 1);
  }
  return verdict;
}

/** 3. Every bot-mode turn answered once: a bot message, or the fallback and a handoff. */
function checkBotTurns(
  conversationId: string,
  rows: MessageRow[],
  lostAt: StatusChangeRow | undefined,
  verdict: CheckerVerdict,
  violations: Violation[],
): void {
  const turns: Array<{ customer: MessageRow[]; after: MessageRow[] }> = [];
  for (const row of rows) {
    if (row.author === 'customer') {
      const last = turns.at(-1);
      if (last !== undefined && last.after.length === 0) {
        last.customer.push(row);
      } else {
        turns.push({ customer: [row], after: [] });
      }
    } else if (turns.length > 0) {
      turns[turns.length - 1].after.push(row);
    }
  }
  for (const turn of turns) {
    const first = turn.customer[0];
    if (lostAt !== undefined && first.created_at >= lostAt.created_at) {
      continue; // Written to a person, not to the bot.
    }
    verdict.botTurns.total += 1;
    const replies = turn.after.filter((row) => row.author === 'bot').length;
    const fallbacks = turn.after.filter(
      (row) => row.author === 'system' && (row.client_message_id ?? '').startsWith('bot-fallback:'),
    ).length;
    const seqs = turn.customer.map((row) => row.seq).join(',');
    const handedOverHere = lostAt !== undefined && turn === lastTurnBefore(turns, lostAt);
    if (replies === 1 && fallbacks === 0) {
      verdict.botTurns.replied += 1;
    } else if (replies > 1 || fallbacks > 1 || (replies === 1 && fallbacks === 1)) {
      verdict.duplicated += replies + fallbacks - 1;
      violations.push({
        rule: 'double_answer',
        conversationId,
        detail: `customer seq ${seqs} answered by ${replies} bot messages and ${fallbacks} fallbacks`,
      });
    } else if (fallbacks === 1) {
      if (handedOverHere && FALLBACK_REASONS.includes(lostAt.reason ?? '')) {
        verdict.botTurns.fallback += 1;
      } else {
        verdict.unanswered += 1;
        violations.push({
          rule: 'fallback',
          conversationId,
          detail: `customer seq ${seqs} got the fallback without a bot_failed/bot_unavailable/guardrail handoff (${lostAt?.reason ?? 'none'})`,
        });
      }
    } else if (handedOverHere && NO_REPLY_REASONS.includes(lostAt.reason ?? '')) {
      verdict.botTurns.handedOver += 1;
    } else {
      verdict.unanswered += 1;
      violations.push({
        rule: 'unanswered',
        conversationId,
        detail: `customer seq ${seqs} has no bot message and no fallback (handoff: ${handedOverHere ? (lostAt?.reason ?? '-') : 'none'})`,
      });
    }
  }
}

/** The turn whose first customer message came last before the bot lost the conversation. */
function lastTurnBefore(
  turns: Array<{ customer: MessageRow[]; after: MessageRow[] }>,
  lostAt: StatusChangeRow,
): { customer: MessageRow[]; after: MessageRow[] } | undefined {
  return turns.filter((turn) => turn.customer[0].created_at < lostAt.created_at).at(-1);
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group === undefined) {
      groups.set(key(row), [row]);
    } else {
      group.push(row);
    }
  }
  return groups;
}
