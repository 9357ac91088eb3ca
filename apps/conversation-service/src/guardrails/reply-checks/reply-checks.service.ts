import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_GUARDRAIL_SETTINGS, type GuardrailSettings } from '@neodesk/contracts';
import { Repositories } from '@neodesk/persistence';
import type { LiveReply, ReplyTicket } from '../../bot/live-reply';
import { HandoffService } from '../../handoff/handoff.service';
import { GuardrailDecisionsService } from '../guardrail-decisions.service';
import { GuardrailSettingsService } from '../guardrail-settings.service';
import { redactPii } from '../pii/pii-redactor';
import { type CheckedDelta, CheckedReply } from './checked-reply';
import type { ReplyViolation } from './reply-guard';

/**
 * The reply checks in the bot reply flow: the settings a reply is checked with (read when it is asked for,
 * carried with its ticket), its checks (built lazily on the replica that streams it, fresh for each attempt),
 * and what happens when one fails: the safe fallback, the handoff and the recorded decision.
 */
@Injectable()
export class ReplyChecksService {
  constructor(
    @Inject(GuardrailSettingsService) private readonly settings: GuardrailSettingsService,
    @Inject(GuardrailDecisionsService) private readonly decisions: GuardrailDecisionsService,
    @Inject(HandoffService) private readonly handoff: HandoffService,
    @Inject(Repositories) private readonly repositories: Repositories,
  ) {}

  /** The workspace's guardrails, for the reply's ticket. */
  async settingsFor(workspaceId: string): Promise<GuardrailSettings> {
    const { updatedAt: _updatedAt, ...settings } = await this.settings.get(workspaceId);
    return settings;
  }

  /** A worker delta through the checks of the reply's current attempt. */
  push(reply: LiveReply, text: string): CheckedDelta {
    return this.checksOf(reply).push(text);
  }

  /** The worker's final text through the checks: the rest to send, or the violation. */
  finish(reply: LiveReply, finalText: string): CheckedDelta {
    return this.checksOf(reply).finish(finalText);
  }

  /**
   * A reply failed a check (it is stopped already): the conversation goes to the human queue with the safe
   * fallback as the bot's message, and the decision is recorded for agents.
   */
  async replace(ticket: ReplyTicket, violation: ReplyViolation): Promise<void> {
    const { workspaceId, conversationId, replyId } = ticket;
    const settings = ticket.guardrails ?? DEFAULT_GUARDRAIL_SETTINGS;
    const clientMessageId = `bot-fallback:${replyId}`;
    const handedOver = await this.handoff.toQueue(workspaceId, conversationId, 'guardrail', {
      text: settings.safeFallbackMessage,
      clientMessageId,
    });
    const fallback = await this.repositories.messages.findByClientMessageId(
      workspaceId,
      conversationId,
      clientMessageId,
    );
    await this.decisions.record({
      workspaceId,
      conversationId,
      rule: violation.rule,
      action: 'reply_replaced',
      replyId,
      messageSeq: fallback?.seq ?? null,
      excerpt: redactPii(violation.excerpt),
      detail: `${violation.detail} ${
        handedOver === null
          ? 'The reply was stopped before the visitor saw it; a person already had the conversation.'
          : 'The reply was stopped before the visitor saw it, the safe fallback message was sent instead, and the conversation was handed to a person.'
      }`,
    });
  }

  private checksOf(reply: LiveReply): CheckedReply {
    reply.checks ??= new CheckedReply(reply.ticket.guardrails ?? DEFAULT_GUARDRAIL_SETTINGS, reply.ticket.job.persona);
    return reply.checks;
  }
}
