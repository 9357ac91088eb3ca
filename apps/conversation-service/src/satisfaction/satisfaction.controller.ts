import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SatisfactionDto } from '@neodesk/contracts';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { ConversationIdParamsDto } from '../conversations/conversations.dto';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { SatisfactionResponseDto } from './satisfaction.dto';
import { SatisfactionService } from './satisfaction.service';

@ApiTags('Conversations')
@Controller('api/v1/conversations/:id/satisfaction')
export class SatisfactionController {
  constructor(@Inject(SatisfactionService) private readonly satisfaction: SatisfactionService) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({
    summary: "The customer's answer to the satisfaction question after the conversation was resolved",
    description:
      'A score of 1 to 5 and an optional comment, from the widget; the last answer counts. 404 ' +
      '`SATISFACTION_NOT_FOUND` when the customer has not answered.',
  })
  @ApiOkResponse({ type: SatisfactionResponseDto })
  @ApiProblems(400, 404)
  get(@CurrentCaller() caller: Caller, @Param() params: ConversationIdParamsDto): Promise<SatisfactionDto> {
    return this.satisfaction.get(caller.workspaceId, params.id);
  }
}
