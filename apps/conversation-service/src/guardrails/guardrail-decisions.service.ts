import { Inject, Injectable, Optional } from '@nestjs/common';
import type { GuardrailAction, GuardrailDecisionDto, GuardrailRule } from '@neodesk/contracts';
import { type GuardrailDecisionEntity, Repositories } from '@neodesk/persistence';
import { ConversationError, ConversationErrorCode } from '../conversations/conversation.error';
import { Metrics } from '../metrics/metrics';
import { RealtimeEmitter } from '../realtime/realtime-emitter';

/** The longest excerpt kept with a decision. */
export const MAX_DECISION_EXCERPT = 200;

export interface GuardrailDecisionInput {
  workspaceId: string;
  conversationId: string;
  rule: GuardrailRule;
  action: GuardrailAction;
  replyId?: string | null;
  messageSeq?: number | null;
  /** The text that fired the rule; mask personal data before passing it. Cut to MAX_DECISION_EXCERPT. */
  excerpt: string;
  detail: string;
}

/**
 * Every decision a guardrail makes: stored, pushed to the workspace's agents (`guardrail:decision` on
 * `/agent`, never to the visitor) and counted in `/metrics`.
 */
@Injectable()
export class GuardrailDecisionsService {
  constructor(
    @Inject(Repositories) private readonly repositories: Repositories,
    @Inject(RealtimeEmitter) private readonly emitter: RealtimeEmitter,
    @Optional() @Inject(Metrics) private readonly metrics?: Metrics,
  ) {}

  async record(input: GuardrailDecisionInput): Promise<GuardrailDecisionDto> {
    const row = await this.repositories.guardrails.recordDecision({
      workspaceId: input.workspaceId,
      conversationId: input.conversationId,
      rule: input.rule,
      action: input.action,
      replyId: input.replyId ?? null,
      messageSeq: input.messageSeq ?? null,
      excerpt: [...input.excerpt].slice(0, MAX_DECISION_EXCERPT).join(''),
      detail: input.detail,
    });
    const decision = toDecisionDto(row);
    this.metrics?.guardrailDecision(decision.rule, decision.action);
    this.emitter.guardrailDecision(input.workspaceId, { decision });
    return decision;
  }

  async list(workspaceId: string, conversationId: string): Promise<{ data: GuardrailDecisionDto[] }> {
    if ((await this.repositories.conversations.findById(workspaceId, conversationId)) === null) {
      throw new ConversationError(
        ConversationErrorCode.NotFound,
        `Conversation ${conversationId} does not exist in this workspace`,
      );
    }
    const rows = await this.repositories.guardrails.listDecisions(workspaceId, conversationId);
    return { data: rows.map(toDecisionDto) };
  }
}

export function toDecisionDto(row: GuardrailDecisionEntity): GuardrailDecisionDto {
  return {
    id: row.id,
    conversationId: row.conversationId,
    rule: row.rule,
    action: row.action,
    replyId: row.replyId,
    messageSeq: row.messageSeq,
    excerpt: row.excerpt,
    detail: row.detail,
    createdAt: row.createdAt.toISOString(),
  };
}
