import { Body, Controller, Get, Inject, Param, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { GuardrailDecisionDto, GuardrailSettingsDto } from '@neodesk/contracts';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { ConversationIdParamsDto } from '../conversations/conversations.dto';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { GuardrailDecisionsService } from './guardrail-decisions.service';
import { GuardrailSettingsService } from './guardrail-settings.service';
import {
  GuardrailDecisionListResponseDto,
  GuardrailSettingsResponseDto,
  UpdateGuardrailSettingsRequestDto,
} from './guardrails.dto';

/** The workspace's guardrails: reply checks, confidence handoff, customer input, personal data. */
@ApiTags('Guardrails')
@Controller('api/v1/guardrails')
export class GuardrailsController {
  constructor(@Inject(GuardrailSettingsService) private readonly settings: GuardrailSettingsService) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: "The workspace's guardrail settings (the defaults where nothing was changed)" })
  @ApiOkResponse({ type: GuardrailSettingsResponseDto })
  get(@CurrentCaller() caller: Caller): Promise<GuardrailSettingsDto> {
    return this.settings.get(caller.workspaceId);
  }

  @Patch()
  @RequireScope('admin')
  @ApiOperation({ summary: 'Change some guardrail settings; the next reply uses them' })
  @ApiOkResponse({ type: GuardrailSettingsResponseDto })
  @ApiProblems(400, 413, 415)
  update(
    @CurrentCaller() caller: Caller,
    @Body() body: UpdateGuardrailSettingsRequestDto,
  ): Promise<GuardrailSettingsDto> {
    return this.settings.update(caller.workspaceId, body);
  }
}

@ApiTags('Conversations')
@Controller('api/v1/conversations/:id/guardrail-decisions')
export class GuardrailDecisionsController {
  constructor(@Inject(GuardrailDecisionsService) private readonly decisions: GuardrailDecisionsService) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({
    summary: "A conversation's guardrail decisions, oldest first (which rule fired, on which text, what was done)",
  })
  @ApiOkResponse({ type: GuardrailDecisionListResponseDto })
  @ApiProblems(400, 404)
  list(
    @CurrentCaller() caller: Caller,
    @Param() params: ConversationIdParamsDto,
  ): Promise<{ data: GuardrailDecisionDto[] }> {
    return this.decisions.list(caller.workspaceId, params.id);
  }
}
