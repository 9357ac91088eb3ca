import { Inject, Injectable, Logger } from '@nestjs/common';
import type { GenerationStats, GuardrailSettings, MessageDto, MessageFeedbackDto } from '@neodesk/contracts';
import { HandoffService } from '../../handoff/handoff.service';
import { MessagesService } from '../../messages/messages.service';
import { GuardrailDecisionsService } from '../guardrail-decisions.service';
import { GuardrailSettingsService } from '../guardrail-settings.service';
import { redactPii } from '../pii/pii-redactor';
import {
  type ScoredPiece,
  couldBeRepeatedQuestion,
  findRepeatedQuestion,
  leastConfidentPart,
  lowConfidence,
  lowConfidenceDetail,
  negativeRatingsInARow,
} from './confidence-rules';

/** Customer messages a new one is compared with (the newest ones of the conversation). */
const REPEAT_LOOKBACK = 50;
/** Bot replies whose ratings are read when one is rated. */
const RATING_LOOKBACK = 200;

/** A stored bot reply, for the low-confidence check. */
export interface CheckedReply {
  workspaceId: string;
  conversationId: string;
  replyId: string;
  messageSeq: number;
  text: string;
  generation: Pick<GenerationStats, 'meanTokenProbability' | 'minTokenProbability'>;
  /** The workspace's guardrails as the reply's ticket carries them (read again when absent). */
  guardrails?: GuardrailSettings;
}

/**
 * Confidence-based handoff: a reply the model was unsure of, a customer who asks the same question again,
 * and two thumbs-down in a row each hand a bot-owned conversation to a person, with a guardrail decision
 * recorded. A low-confidence reply is kept (the visitor has read it as it streamed; a half-cut sentence
 * would read worse than a whole one followed by a person) and handed over once stored.
 */
@Injectable()
export class ConfidenceHandoffService {
  private readonly logger = new Logger(ConfidenceHandoffService.name);
  /** Streamed pieces of each live reply, keyed by the reply object (gone with it: no cleanup needed). */
  private readonly pieces = new WeakMap<object, ScoredPiece[]>();

  constructor(
    @Inject(GuardrailSettingsService) private readonly settings: GuardrailSettingsService,
    @Inject(GuardrailDecisionsService) private readonly decisions: GuardrailDecisionsService,
    @Inject(HandoffService) private readonly handoff: HandoffService,
    @Inject(MessagesService) private readonly messages: MessagesService,
  ) {}

  /** Remembers a streamed piece of a reply with its tokens' log-probabilities (for the decision's excerpt). */
  observeDelta(reply: object, text: string, logprobs: readonly number[] | undefined): void {
    const pieces = this.pieces.get(reply) ?? [];
    pieces.push({ text, logprobs: logprobs ?? [] });
    this.pieces.set(reply, pieces);
  }

  /**
   * After a bot reply was stored: hands the conversation over when the reply's token probabilities fall
   * under the workspace's thresholds. True when it handed over. Never throws: a failed check is logged and
   * the reply stands.
   */
  async checkReply(reply: object, stored: CheckedReply): Promise<boolean> {
    try {
      const settings = stored.guardrails ?? (await this.settings.get(stored.workspaceId));
      const figures = {
        meanTokenProbability: stored.generation.meanTokenProbability ?? null,
        minTokenProbability: stored.generation.minTokenProbability ?? null,
      };
      const verdict = lowConfidence(figures, settings);
      if (verdict === null) {
        return false;
      }
      const handedOver = await this.handoff.toQueue(stored.workspaceId, stored.conversationId, 'low_confidence');
      if (handedOver === null) {
        return false;
      }
      await this.decisions.record({
        workspaceId: stored.workspaceId,
        conversationId: stored.conversationId,
        rule: 'low_confidence',
        action: 'handed_over',
        replyId: stored.replyId,
        messageSeq: stored.messageSeq,
        excerpt: redactPii(leastConfidentPart(this.pieces.get(reply) ?? [], stored.text)),
        detail: lowConfidenceDetail(verdict, figures, settings),
      });
      return true;
    } catch (error) {
      this.logger.error({ err: error }, `Reply ${stored.replyId}: the confidence check failed`);
      return false;
    } finally {
      this.pieces.delete(reply);
    }
  }

  /**
   * A customer message in a bot-owned conversation: when it repeats an earlier customer message (see
   * isRepeatedQuestion), the conversation goes to a person instead of the bot answering again. True when it
   * handed over.
   */
  async handOverRepeatedQuestion(workspaceId: string, conversationId: string, message: MessageDto): Promise<boolean> {
    if (!couldBeRepeatedQuestion(message.text)) {
      return false;
    }
    const settings = await this.settings.get(workspaceId);
    if (!settings.handoffOnRepeatedQuestion) {
      return false;
    }
    const earlier = (await this.messages.lastTurns(workspaceId, conversationId, REPEAT_LOOKBACK)).filter(
      (turn) => turn.author === 'customer' && turn.seq < message.seq,
    );
    const repeated = findRepeatedQuestion(message.text, earlier);
    if (repeated === null) {
      return false;
    }
    if ((await this.handoff.toQueue(workspaceId, conversationId, 'repeated_question')) === null) {
      return false;
    }
    await this.decisions.record({
      workspaceId,
      conversationId,
      rule: 'repeated_question',
      action: 'handed_over',
      messageSeq: message.seq,
      excerpt: redactPii(message.text),
      detail:
        `The customer asked again what they asked in message ${repeated.seq}; ` +
        'the conversation was handed to a person instead of another bot reply.',
    });
    return true;
  }

  /** After a rating: a second thumbs-down in a row on the bot's replies hands a bot-owned conversation over. */
  async afterRating(workspaceId: string, conversationId: string, feedback: MessageFeedbackDto): Promise<boolean> {
    if (feedback.rating !== 'negative') {
      return false;
    }
    const settings = await this.settings.get(workspaceId);
    if (!settings.handoffOnNegativeRatings) {
      return false;
    }
    const replies = (await this.messages.lastTurns(workspaceId, conversationId, RATING_LOOKBACK)).filter(
      (turn) => turn.author === 'bot',
    );
    if (!negativeRatingsInARow(replies, feedback.seq)) {
      return false;
    }
    if ((await this.handoff.toQueue(workspaceId, conversationId, 'negative_ratings')) === null) {
      return false;
    }
    const rated = replies.find((reply) => reply.seq === feedback.seq);
    await this.decisions.record({
      workspaceId,
      conversationId,
      rule: 'negative_ratings',
      action: 'handed_over',
      messageSeq: feedback.seq,
      excerpt: redactPii(rated?.text ?? ''),
      detail:
        `The customer rated two bot replies in a row as unhelpful (message ${feedback.seq} and the one next to it); ` +
        'the conversation was handed to a person.',
    });
    return true;
  }
}
