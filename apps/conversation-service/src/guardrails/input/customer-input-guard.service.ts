import { Inject, Injectable } from '@nestjs/common';
import { type GuardrailSettings, neutraliseCustomerText } from '@neodesk/contracts';
import { Repositories } from '@neodesk/persistence';
import { BotReplyService } from '../../bot/bot-reply.service';
import { HandoffService } from '../../handoff/handoff.service';
import type { AppendResult } from '../../messages/messages.service';
import { MessagesService } from '../../messages/messages.service';
import { RealtimeEmitter } from '../../realtime/realtime-emitter';
import { GuardrailDecisionsService } from '../guardrail-decisions.service';
import { GuardrailSettingsService } from '../guardrail-settings.service';
import { redactPii } from '../pii/pii-redactor';
import { findAbusiveTerm } from '../text';

/** The abusive message of a conversation that hands it to a person (the first ones get the calm reply). */
export const ABUSIVE_MESSAGES_BEFORE_HANDOFF = 3;

/** A customer message about to be stored: its text as stored, and the workspace's guardrails. */
export interface GuardedInput {
  text: string;
  guardrails: GuardrailSettings;
}

export interface InputVerdict {
  /** The abusive word or phrase found (flagAbusiveInput on), else null. */
  abusiveTerm: string | null;
}

/**
 * Guardrails on what customers write, around ChatService.postCustomerMessage:
 * - `prepare`: personal data is masked before storing when the workspace keeps no originals
 *   (`storeOriginalPii` off; the visitor's own echo then shows the masked text too);
 * - `screen`: an abusive message is flagged to agents (`abusive_input`/`flagged`), and a message whose
 *   special tokens or role markers are removed before it reaches the model is recorded once
 *   (`prompt_injection`/`neutralised`; the removal itself happens in buildGenerationJob and the worker);
 * - `answerAbuse`: in bot mode the bot does not generate for an abusive message: the workspace's calm reply
 *   is stored as the bot's message instead; the third abusive message of a conversation hands it to a person.
 */
@Injectable()
export class CustomerInputGuard {
  constructor(
    @Inject(GuardrailSettingsService) private readonly settings: GuardrailSettingsService,
    @Inject(GuardrailDecisionsService) private readonly decisions: GuardrailDecisionsService,
    @Inject(Repositories) private readonly repositories: Repositories,
    @Inject(MessagesService) private readonly messages: MessagesService,
    @Inject(BotReplyService) private readonly bot: BotReplyService,
    @Inject(HandoffService) private readonly handoff: HandoffService,
    @Inject(RealtimeEmitter) private readonly emitter: RealtimeEmitter,
  ) {}

  async prepare(workspaceId: string, text: string): Promise<GuardedInput> {
    const guardrails = await this.settings.get(workspaceId);
    return { text: guardrails.storeOriginalPii ? text : redactPii(text), guardrails };
  }

  /** Flags and records what the stored customer message holds; says whether it was abusive. */
  async screen(result: AppendResult, input: GuardedInput): Promise<InputVerdict> {
    const { conversation, message } = result;
    const excerpt = redactPii(message.text);
    const abusive = input.guardrails.flagAbusiveInput ? findAbusiveTerm(message.text) : null;
    if (abusive !== null && conversation.status !== 'bot') {
      await this.decisions.record({
        workspaceId: conversation.workspaceId,
        conversationId: conversation.id,
        rule: 'abusive_input',
        action: 'flagged',
        messageSeq: message.seq,
        excerpt,
        detail: `The customer wrote "${abusive.text}"; flagged for the team.`,
      });
    }
    if (conversation.status === 'bot' && abusive === null) {
      const { found } = neutraliseCustomerText(message.text);
      if (found.length > 0) {
        await this.decisions.record({
          workspaceId: conversation.workspaceId,
          conversationId: conversation.id,
          rule: 'prompt_injection',
          action: 'neutralised',
          messageSeq: message.seq,
          excerpt,
          detail: `Removed ${found
            .map((kind) => (kind === 'special_token' ? 'special tokens' : 'turn markers (like "Agent:")'))
            .join(' and ')} from the customer's message before it reached the model.`,
        });
      }
    }
    return { abusiveTerm: abusive?.text ?? null };
  }

  /**
   * The bot's answer to an abusive message in bot mode: the calm reply, stored as a bot message (no
   * generation), or a handover to a person when the customer keeps on.
   */
  async answerAbuse(result: AppendResult, input: GuardedInput, term: string): Promise<void> {
    const { conversation, message } = result;
    const { workspaceId, id: conversationId } = conversation;
    // A reply still running for an earlier message would answer after the calm reply: it stops.
    await this.bot.cancel(workspaceId, conversationId, 'superseded');
    const earlier = (await this.repositories.guardrails.listDecisions(workspaceId, conversationId)).filter(
      (decision) => decision.rule === 'abusive_input',
    ).length;
    const handOver = earlier + 1 >= ABUSIVE_MESSAGES_BEFORE_HANDOFF;
    const reply = await this.messages.append(workspaceId, conversationId, {
      author: 'bot',
      text: input.guardrails.abusiveInputReply,
      clientMessageId: `abusive-input:${message.seq}`,
      replyToSeq: message.seq,
    });
    if (reply.created) {
      this.emitter.messageCreated(reply.conversation, reply.message);
    }
    await this.decisions.record({
      workspaceId,
      conversationId,
      rule: 'abusive_input',
      action: handOver ? 'handed_over' : 'flagged',
      messageSeq: message.seq,
      excerpt: redactPii(message.text),
      detail: handOver
        ? `The customer wrote "${term}" (abusive message ${earlier + 1} of the conversation); the bot sent the calm reply and handed over to the team.`
        : `The customer wrote "${term}"; the bot sent the calm reply instead of generating one.`,
    });
    if (handOver) {
      await this.handoff.toQueue(workspaceId, conversationId, 'guardrail');
    }
  }
}
