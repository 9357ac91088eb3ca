import type { INestApplication } from '@nestjs/common';
import type { HandoffReason } from '@neodesk/contracts';
import { DataSource } from 'typeorm';
import { ChatService } from '../../apps/conversation-service/src/chat/chat.service';
import { ConversationsService } from '../../apps/conversation-service/src/conversations/conversations.service';
import { HandoffService } from '../../apps/conversation-service/src/handoff/handoff.service';
import { MessagesService } from '../../apps/conversation-service/src/messages/messages.service';

export const SECOND = 1000;
export const DAY = 86_400_000;

/** One step of a seeded conversation, `at` milliseconds after the conversation started; people by their key. */
export type ReportStep = { at: number } & (
  | { customer: string }
  | { bot: string; ttft: number; tokens: number; total: number; rating?: 'positive' | 'negative' }
  | { agent: string }
  | { handoff: Exclude<HandoffReason, 'agent_takeover'> }
  | { takeover: string }
  | { resolve: true }
);

/** A workspace to seed, and the user id of each person the steps name (`agent`, `admin`, ...). */
export interface ReportSeedWorkspace {
  workspaceId: string;
  people: Record<string, string>;
}

/** The generation figures of a bot step. */
export const gen = (ttft: number, tokens: number, total: number) => ({ ttft, tokens, total });

/**
 * A conversation with known timings for the report specs: every step runs through the app's own services,
 * so the status changes are recorded as in production; then every timestamp is pinned to the script's.
 * `score` is a satisfaction rating given a day after the start.
 */
export async function seedConversation(
  app: INestApplication,
  workspace: ReportSeedWorkspace,
  startedAt: string,
  steps: ReportStep[],
  score?: number,
): Promise<string> {
  const { workspaceId } = workspace;
  const db = app.get(DataSource);
  const conversation = await app.get(ConversationsService).create(workspaceId, { visitorId: 'v', channel: 'api' });
  const id = conversation.id;
  const start = Date.parse(startedAt);
  const messages = app.get(MessagesService);
  const chat = app.get(ChatService);
  const userOf = (who: string): string => {
    const userId = workspace.people[who];
    if (userId === undefined) {
      throw new Error(`The seeded workspace has no person "${who}"`);
    }
    return userId;
  };
  let lastMessageAt: number | null = null;
  for (const step of steps) {
    const before: Array<{ id: string }> = await db.query(
      `SELECT id FROM conversation_status_changes WHERE conversation_id = $1`,
      [id],
    );
    let messageId: string | null = null;
    if ('customer' in step) {
      messageId = (await messages.append(workspaceId, id, { author: 'customer', text: step.customer })).message.id;
    } else if ('bot' in step) {
      messageId = (
        await messages.append(workspaceId, id, {
          author: 'bot',
          text: step.bot,
          generation: {
            modelId: 'neo',
            modelVersion: '1',
            promptTokens: 50,
            completionTokens: step.tokens,
            queueMs: 0,
            timeToFirstTokenMs: step.ttft,
            totalMs: step.total,
            finishReason: 'stop',
          },
        })
      ).message.id;
      if (step.rating !== undefined) {
        await db.query(`UPDATE messages SET feedback = $1 WHERE id = $2`, [step.rating, messageId]);
      }
    } else if ('agent' in step) {
      messageId = (
        await messages.append(workspaceId, id, {
          author: 'agent',
          authorUserId: userOf(step.agent),
          text: 'A person answers',
        })
      ).message.id;
    } else if ('handoff' in step) {
      if (step.handoff === 'visitor_request' || step.handoff === 'api_request') {
        await chat.requestHandoff(workspaceId, id, step.handoff);
      } else {
        const fallback =
          step.handoff === 'handoff_phrase' ? undefined : { text: 'A person will answer', clientMessageId: `fb-${id}` };
        await app.get(HandoffService).toQueue(workspaceId, id, step.handoff, fallback);
      }
    } else if ('takeover' in step) {
      await chat.takeOver({ workspaceId, userId: userOf(step.takeover) }, id);
    } else {
      await chat.resolve(workspaceId, id);
    }
    const at = new Date(start + step.at);
    if (messageId !== null) {
      await db.query(`UPDATE messages SET created_at = $1 WHERE id = $2`, [at, messageId]);
      lastMessageAt = start + step.at;
    }
    // The fallback notice of a bot failure, and the change the step made.
    await db.query(`UPDATE messages SET created_at = $1 WHERE conversation_id = $2 AND author = 'system'`, [at, id]);
    await db.query(
      `UPDATE conversation_status_changes SET created_at = $1 WHERE conversation_id = $2 AND NOT (id = ANY ($3))`,
      [at, id, before.map((row) => row.id)],
    );
    if ('resolve' in step) {
      await db.query(`UPDATE conversations SET resolved_at = $1 WHERE id = $2`, [at, id]);
    }
  }
  await db.query(`UPDATE conversations SET created_at = $1, last_message_at = $2 WHERE id = $3`, [
    new Date(start),
    lastMessageAt === null ? null : new Date(lastMessageAt),
    id,
  ]);
  if (score !== undefined) {
    await db.query(
      `INSERT INTO conversation_satisfaction (conversation_id, workspace_id, score, created_at)
       VALUES ($1, $2, $3, $4)`,
      [id, workspaceId, score, new Date(start + DAY)],
    );
  }
  return id;
}
