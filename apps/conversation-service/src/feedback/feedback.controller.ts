import { Body, Controller, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { MessageFeedbackDto } from '@neodesk/contracts';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { ConfidenceHandoffService } from '../guardrails/confidence/confidence-handoff.service';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { MessageFeedbackParamsDto, MessageFeedbackResponseDto, RateMessageRequestDto } from './feedback.dto';
import { FeedbackService } from './feedback.service';

@ApiTags('Messages')
@Controller('api/v1/conversations/:id/messages/:seq/feedback')
export class FeedbackController {
  constructor(
    @Inject(FeedbackService) private readonly feedback: FeedbackService,
    @Inject(ConfidenceHandoffService) private readonly confidence: ConfidenceHandoffService,
  ) {}

  @Post()
  @RequireScope('write')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Rate a bot message (a customer's thumbs up or down, with an optional comment)",
    description:
      'The last rating counts; a new or changed one is sent to webhooks as `feedback.created`. ' +
      'Only bot messages take a rating (422 `MESSAGE_FEEDBACK_NOT_ALLOWED`). A second thumbs-down in a row on ' +
      "the bot's replies hands a bot-owned conversation to a person when the workspace's guardrails ask for it " +
      '(`handoffOnNegativeRatings`).',
  })
  @ApiOkResponse({ type: MessageFeedbackResponseDto })
  @ApiProblems(400, 404, 413, 415, 422)
  async rate(
    @CurrentCaller() caller: Caller,
    @Param() params: MessageFeedbackParamsDto,
    @Body() body: RateMessageRequestDto,
  ): Promise<MessageFeedbackDto> {
    const feedback = await this.feedback.rate(caller.workspaceId, params.id, { seq: params.seq }, body);
    // As the widget's ratings do (ChatService.rateMessage): two thumbs-down in a row hand over.
    await this.confidence.afterRating(caller.workspaceId, params.id, feedback);
    return feedback;
  }
}
