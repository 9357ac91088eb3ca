import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AgentReportDto, ConversationReportDto, LiveReportDto, MessageReportDto } from '@neodesk/contracts';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { ApiProblems } from '../openapi/api-problems.decorator';
import {
  AgentReportResponseDto,
  ConversationReportResponseDto,
  LiveReportResponseDto,
  MessageReportResponseDto,
  ReportQueryDto,
} from './reports.dto';
import { ReportsService } from './reports.service';

const RANGE =
  '`from` (inclusive) and `to` (exclusive) at most 366 days apart, periods of `groupBy` from midnight in ' +
  '`timeZone` (default UTC), periods without data included; `totals` covers the whole range. ' +
  'Definitions: README, "Reports".';

/** The workspace's support and bot figures over a range, per period. */
@ApiTags('Reports')
@Controller('api/v1/reports')
@RequireScope('read')
export class ReportsController {
  constructor(@Inject(ReportsService) private readonly reports: ReportsService) {}

  @Get('live')
  @ApiOperation({
    summary: 'Open conversations now by status, and how long the one waiting longest for a person has waited',
    description:
      "A conversation waits from its latest handoff to a person (its change to `waiting_human`). Only the caller's workspace.",
  })
  @ApiOkResponse({ type: LiveReportResponseDto })
  live(@CurrentCaller() caller: Caller): Promise<LiveReportDto> {
    return this.reports.live(caller.workspaceId);
  }

  @Get('conversations')
  @ApiProblems(400)
  @ApiOperation({
    summary: 'Conversations started, bot containment, handoffs by reason, first response, resolution, CSAT',
    description: `Each conversation counts in the period it started in. ${RANGE}`,
  })
  @ApiOkResponse({ type: ConversationReportResponseDto })
  conversations(@CurrentCaller() caller: Caller, @Query() query: ReportQueryDto): Promise<ConversationReportDto> {
    return this.reports.conversations(caller.workspaceId, query);
  }

  @Get('messages')
  @ApiProblems(400)
  @ApiOperation({
    summary: 'Messages by author, thumbs on bot replies, time to first token and tokens per second',
    description: `Each message counts in the period it was written in. ${RANGE}`,
  })
  @ApiOkResponse({ type: MessageReportResponseDto })
  messages(@CurrentCaller() caller: Caller, @Query() query: ReportQueryDto): Promise<MessageReportDto> {
    return this.reports.messages(caller.workspaceId, query);
  }

  @Get('agents')
  @ApiProblems(400)
  @ApiOperation({
    summary: "Each agent's replies and the conversations they replied in",
    description: `Each reply counts in the period it was written in. ${RANGE}`,
  })
  @ApiOkResponse({ type: AgentReportResponseDto })
  agents(@CurrentCaller() caller: Caller, @Query() query: ReportQueryDto): Promise<AgentReportDto> {
    return this.reports.agents(caller.workspaceId, query);
  }
}
