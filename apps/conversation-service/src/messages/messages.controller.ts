import { Body, Controller, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { MessagePageDto, PostedMessageDto } from '@neodesk/contracts';
import type { Response } from 'express';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { ProblemDetailsDto } from '../openapi/problem-details.dto';
import { ConversationMessagesService } from './conversation-messages.service';
import { IdempotencyKey } from './idempotency-key.decorator';
import {
  ConversationMessagesParamsDto,
  ListMessagesQueryDto,
  MessagePageResponseDto,
  PostedMessageResponseDto,
  PostMessageQueryDto,
  PostMessageRequestDto,
} from './messages.dto';

@ApiTags('Messages')
@Controller('api/v1/conversations/:id/messages')
export class MessagesController {
  constructor(@Inject(ConversationMessagesService) private readonly messages: ConversationMessagesService) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: 'List messages by sequence number (after `afterSeq`, or before `beforeSeq`)' })
  @ApiOkResponse({ type: MessagePageResponseDto })
  @ApiProblems(400, 404)
  list(
    @CurrentCaller() caller: Caller,
    @Param() params: ConversationMessagesParamsDto,
    @Query() query: ListMessagesQueryDto,
  ): Promise<MessagePageDto> {
    return this.messages.list(caller.workspaceId, params.id, query);
  }

  @Post()
  @RequireScope('write')
  @ApiOperation({
    summary: 'Post a customer or agent message',
    description:
      'The same flow as the widget and the dashboard: a customer message to a bot-owned conversation starts ' +
      'the bot reply (`replyId`; `?wait=true` waits for it), an agent message takes the conversation over. ' +
      'With an `Idempotency-Key`, a retry with the same body answers the first result with 200 and stores nothing.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: "Any printable ASCII, 1 to 128 characters; becomes the message's `clientMessageId`",
    example: 'crm-msg-88412',
  })
  @ApiCreatedResponse({ type: PostedMessageResponseDto, description: 'Stored' })
  @ApiOkResponse({ type: PostedMessageResponseDto, description: 'A retry: the message stored the first time' })
  @ApiResponse({
    status: 503,
    description: 'With `?wait=true`: no worker could give the bot reply (the message is stored)',
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
  })
  @ApiProblems(400, 404, 409, 413, 415, 422)
  async post(
    @CurrentCaller() caller: Caller,
    @Param() params: ConversationMessagesParamsDto,
    @Query() query: PostMessageQueryDto,
    @Body() body: PostMessageRequestDto,
    @IdempotencyKey() idempotencyKey: string | null,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PostedMessageDto> {
    const { created, ...posted } = await this.messages.post(
      caller,
      params.id,
      body,
      idempotencyKey,
      query.wait ?? false,
    );
    res.status(created ? 201 : 200);
    return posted;
  }
}
