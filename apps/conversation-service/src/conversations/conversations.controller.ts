import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ConversationDto, ConversationPageDto } from '@neodesk/contracts';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { ApiProblems } from '../openapi/api-problems.decorator';
import {
  ConversationIdParamsDto,
  ConversationPageResponseDto,
  ConversationResponseDto,
  CreateConversationRequestDto,
  ListConversationsQueryDto,
  UpdateConversationRequestDto,
} from './conversations.dto';
import { ConversationCommandsService } from './conversation-commands.service';
import { ConversationsService } from './conversations.service';

/** Conversations of the caller's workspace; another workspace's read as missing (404). */
@ApiTags('Conversations')
@Controller('api/v1/conversations')
export class ConversationsController {
  constructor(
    @Inject(ConversationsService) private readonly conversations: ConversationsService,
    @Inject(ConversationCommandsService) private readonly commands: ConversationCommandsService,
  ) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({
    summary: 'List conversations, newest first, with filters, full-text search and cursor pagination',
    description:
      'Pages are stable while conversations are added: pass `nextCursor` as `cursor` (with the same `sort`) ' +
      'until it is null. New conversations appear at the start, never in a later page.',
  })
  @ApiOkResponse({ type: ConversationPageResponseDto })
  @ApiProblems(400)
  list(@CurrentCaller() caller: Caller, @Query() query: ListConversationsQueryDto): Promise<ConversationPageDto> {
    return this.conversations.page(caller.workspaceId, query);
  }

  @Get(':id')
  @RequireScope('read')
  @ApiOperation({ summary: 'Get a conversation' })
  @ApiOkResponse({ type: ConversationResponseDto })
  @ApiProblems(400, 404)
  get(@CurrentCaller() caller: Caller, @Param() params: ConversationIdParamsDto): Promise<ConversationDto> {
    return this.conversations.get(caller.workspaceId, params.id);
  }

  @Post()
  @RequireScope('write')
  @ApiOperation({ summary: 'Open a conversation for a customer (channel `api`, owned by the bot)' })
  @ApiCreatedResponse({ type: ConversationResponseDto })
  @ApiProblems(400, 413, 415, 422)
  create(@CurrentCaller() caller: Caller, @Body() body: CreateConversationRequestDto): Promise<ConversationDto> {
    return this.commands.create(caller, body);
  }

  @Patch(':id')
  @RequireScope('write')
  @ApiOperation({
    summary: 'Change status, assignee or labels',
    description:
      'Status changes run the same flow as the dashboard: `human` takes over for the assignee (or the ' +
      'current one, or the calling agent) and stops the bot; `waiting_human` queues it for a person; ' +
      '`resolved` closes it; `bot` hands it back (the bot answers an unanswered customer message). ' +
      'A resolved conversation cannot go to `waiting_human` (409).',
  })
  @ApiOkResponse({ type: ConversationResponseDto })
  @ApiProblems(400, 404, 409, 413, 415, 422)
  update(
    @CurrentCaller() caller: Caller,
    @Param() params: ConversationIdParamsDto,
    @Body() body: UpdateConversationRequestDto,
  ): Promise<ConversationDto> {
    return this.commands.update(caller, params.id, body);
  }

  @Delete(':id')
  @RequireScope('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Erase a conversation with all its messages (erasure requests); cannot be undone' })
  @ApiNoContentResponse({ description: 'Erased' })
  @ApiProblems(400, 404)
  erase(@CurrentCaller() caller: Caller, @Param() params: ConversationIdParamsDto): Promise<void> {
    return this.conversations.erase(caller.workspaceId, params.id);
  }
}
