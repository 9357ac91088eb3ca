import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Patch, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  BOT_PREVIEW_LIMITS,
  BOT_SETTINGS_LIMITS,
  type BotPreviewDto,
  type BotSettingsDto,
  GENERATION_PARAMETER_LIMITS,
} from '@neodesk/contracts';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { BotPreviewService } from './bot-preview.service';
import {
  BotPreviewRequestDto,
  BotPreviewResponseDto,
  BotSettingsResponseDto,
  UpdateBotSettingsRequestDto,
} from './bot-settings.dto';
import { BotSettingsService } from './bot-settings.service';

/** How the caller's workspace's bot speaks and samples; the next reply uses a change. */
@ApiTags('Bot settings')
@Controller('api/v1/bot-settings')
export class BotSettingsController {
  constructor(
    @Inject(BotSettingsService) private readonly settings: BotSettingsService,
    @Inject(BotPreviewService) private readonly previews: BotPreviewService,
  ) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: "The workspace's bot settings: persona, messages, handoff phrases, generation parameters" })
  @ApiOkResponse({ type: BotSettingsResponseDto })
  get(@CurrentCaller() caller: Caller): Promise<BotSettingsDto> {
    return this.settings.get(caller.workspaceId);
  }

  @Patch()
  @RequireScope('admin')
  @ApiOperation({
    summary: 'Change some of the bot settings',
    description: `Only the fields sent change; texts are trimmed. ${describeLimits()}`,
  })
  @ApiOkResponse({ type: BotSettingsResponseDto })
  @ApiProblems(400, 413, 415)
  update(@CurrentCaller() caller: Caller, @Body() body: UpdateBotSettingsRequestDto): Promise<BotSettingsDto> {
    return this.settings.update(caller.workspaceId, body);
  }

  @Post('preview')
  @RequireScope('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Try settings before saving them: the bot writes one reply to a made-up dialogue',
    description:
      'The settings sent (persona, handoff phrases, generation parameters; the others take the saved values) ' +
      'build the prompt exactly as for a real reply, and the job goes to the least-loaded inference worker. ' +
      'Nothing is stored: no conversation, no message, no settings change. The dialogue ends with the customer ' +
      `message to answer (at most ${BOT_PREVIEW_LIMITS.maxMessages} turns of ${BOT_PREVIEW_LIMITS.maxMessageLength} ` +
      'characters). When it contains a handoff phrase the outcome is `handoff` and no worker is asked. ' +
      '503 when no worker is connected or none has room, 504 when the worker does not finish in time, 502 when ' +
      'it fails, 429 while the workspace already has two previews running.',
  })
  @ApiOkResponse({ type: BotPreviewResponseDto })
  @ApiProblems(400, 413, 415, 429, 502, 503, 504)
  preview(@CurrentCaller() caller: Caller, @Body() body: BotPreviewRequestDto): Promise<BotPreviewDto> {
    return this.previews.preview(caller.workspaceId, body);
  }
}

function describeLimits(): string {
  const range = ({ min, max }: { min: number; max: number }): string => `${min} to ${max}`;
  const generation = Object.entries(GENERATION_PARAMETER_LIMITS).map(([name, limits]) => `${name} ${range(limits)}`);
  const { handoffPhrases, ...texts } = BOT_SETTINGS_LIMITS;
  const lengths = Object.entries(texts).map(([name, limits]) => `${name} ${range(limits)} characters`);
  return (
    `Limits: ${generation.join(', ')} (temperature 0 is greedy, topK 0 is off); ${lengths.join(', ')}; ` +
    `at most ${handoffPhrases.maxCount} distinct handoff phrases of ${range(handoffPhrases)} characters.`
  );
}
