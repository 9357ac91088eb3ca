import { Body, Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { NoteDto, NoteListDto } from '@neodesk/contracts';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { ConversationIdParamsDto } from '../conversations/conversations.dto';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { CreateNoteRequestDto, NoteListResponseDto, NoteResponseDto } from './notes.dto';
import { NotesService } from './notes.service';

@ApiTags('Conversations')
@Controller('api/v1/conversations/:id/notes')
export class NotesController {
  constructor(@Inject(NotesService) private readonly notes: NotesService) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: "A conversation's private notes, oldest first (agents only; never shown to the customer)" })
  @ApiOkResponse({ type: NoteListResponseDto })
  @ApiProblems(400, 404)
  list(@CurrentCaller() caller: Caller, @Param() params: ConversationIdParamsDto): Promise<NoteListDto> {
    return this.notes.list(caller.workspaceId, params.id);
  }

  @Post()
  @RequireScope('write')
  @ApiOperation({
    summary: 'Write a private note on a conversation',
    description:
      "Stored with the calling agent as author and pushed to the workspace's agents (`note:new` on " +
      '`/agent`); never sent to the visitor, to webhooks or in transcript exports.',
  })
  @ApiCreatedResponse({ type: NoteResponseDto })
  @ApiProblems(400, 404, 413, 415)
  create(
    @CurrentCaller() caller: Caller,
    @Param() params: ConversationIdParamsDto,
    @Body() body: CreateNoteRequestDto,
  ): Promise<NoteDto> {
    return this.notes.create(caller, params.id, body.text);
  }
}
