import { Body, Controller, Get, Inject, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BOT_SETTINGS_LIMITS, type BotSettingsDto, GENERATION_PARAMETER_LIMITS } from '@neodesk/contracts';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { BotSettingsResponseDto, UpdateBotSettingsRequestDto } from './bot-settings.dto';
import { BotSettingsService } from './bot-settings.service';

/** How the caller's workspace's bot speaks and samples; the next reply uses a change. */
@ApiTags('Bot settings')
@Controller('api/v1/bot-settings')
export class BotSettingsController {
  constructor(@Inject(BotSettingsService) private readonly settings: BotSettingsService) {}

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
