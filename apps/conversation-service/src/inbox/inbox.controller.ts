import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { InboxCountsDto, InboxPreviewDto, TeammateDto } from '@neodesk/contracts';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { ApiProblems } from '../openapi/api-problems.decorator';
import {
  InboxCountsResponseDto,
  InboxPreviewListResponseDto,
  InboxPreviewsQueryDto,
  TeammateListResponseDto,
} from './inbox.dto';
import { InboxService } from './inbox.service';

/** Read models of the agent dashboard's inbox. */
@ApiTags('Inbox')
@Controller('api/v1/inbox')
export class InboxController {
  constructor(@Inject(InboxService) private readonly inbox: InboxService) {}

  @Get('counts')
  @RequireScope('read')
  @ApiOperation({
    summary: 'How many conversations each inbox view holds',
    description:
      '`mine`: waiting for a person or with a person, assigned to the caller; `unassigned`: open and ' +
      'assigned to nobody; `waiting`: waiting for a person; `bot`: with the bot; `resolved`; `all`.',
  })
  @ApiOkResponse({ type: InboxCountsResponseDto })
  @ApiProblems(400)
  counts(@CurrentCaller() caller: Caller): Promise<InboxCountsDto> {
    return this.inbox.counts(caller);
  }

  @Get('previews')
  @RequireScope('read')
  @ApiOperation({
    summary: 'The newest message of each named conversation (with `q`: the newest one matching the words)',
  })
  @ApiOkResponse({ type: InboxPreviewListResponseDto })
  @ApiProblems(400)
  async previews(
    @CurrentCaller() caller: Caller,
    @Query() query: InboxPreviewsQueryDto,
  ): Promise<{ data: InboxPreviewDto[] }> {
    return { data: await this.inbox.previews(caller.workspaceId, query.ids, query.q) };
  }

  @Get('teammates')
  @RequireScope('read')
  @ApiOperation({ summary: "The workspace's admins and agents by name, for assignment and authors" })
  @ApiOkResponse({ type: TeammateListResponseDto })
  @ApiProblems(400)
  async teammates(@CurrentCaller() caller: Caller): Promise<{ data: TeammateDto[] }> {
    return { data: await this.inbox.teammates(caller.workspaceId) };
  }
}
