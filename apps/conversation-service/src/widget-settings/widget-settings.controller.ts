import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type IdentitySecretDto, WIDGET_SETTINGS_LIMITS, type WidgetSettingsDto } from '@neodesk/contracts';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { ApiProblems } from '../openapi/api-problems.decorator';
import {
  IdentitySecretResponseDto,
  UpdateWidgetSettingsRequestDto,
  WidgetSettingsResponseDto,
} from './widget-settings.dto';
import { WidgetSettingsService } from './widget-settings.service';

/** How the caller's workspace's web chat widget looks and what it asks; the next page load uses a change. */
@ApiTags('Widget settings')
@Controller('api/v1/widget-settings')
export class WidgetSettingsController {
  constructor(@Inject(WidgetSettingsService) private readonly settings: WidgetSettingsService) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({
    summary: "The workspace's widget settings: title, colour, position, launcher label, locale, pre-chat form",
    description: 'The identity secret itself is never answered; `identitySecretSet` says whether there is one.',
  })
  @ApiOkResponse({ type: WidgetSettingsResponseDto })
  get(@CurrentCaller() caller: Caller): Promise<WidgetSettingsDto> {
    return this.settings.get(caller.workspaceId);
  }

  @Patch()
  @RequireScope('admin')
  @ApiOperation({
    summary: 'Change some of the widget settings',
    description:
      `Only the fields sent change; texts are trimmed. title ${WIDGET_SETTINGS_LIMITS.title.min} to ` +
      `${WIDGET_SETTINGS_LIMITS.title.max} characters, launcherLabel ${WIDGET_SETTINGS_LIMITS.launcherLabel.min} ` +
      `to ${WIDGET_SETTINGS_LIMITS.launcherLabel.max}, color \`#rrggbb\`. The public widget config is cached ` +
      'for up to a minute.',
  })
  @ApiOkResponse({ type: WidgetSettingsResponseDto })
  @ApiProblems(400, 413, 415)
  update(@CurrentCaller() caller: Caller, @Body() body: UpdateWidgetSettingsRequestDto): Promise<WidgetSettingsDto> {
    return this.settings.update(caller.workspaceId, body);
  }

  @Post('identity-secret')
  @RequireScope('admin')
  @ApiOperation({
    summary: 'Set a new identity secret (identity verification on), shown in this answer only',
    description:
      "The widget's `identify({ email, hash })` is verified when hash is the hex HMAC-SHA256 of the e-mail " +
      "keyed with this secret, computed by the site's server. The previous secret stops working at once.",
  })
  @ApiCreatedResponse({ type: IdentitySecretResponseDto })
  rotateIdentitySecret(@CurrentCaller() caller: Caller): Promise<IdentitySecretDto> {
    return this.settings.rotateIdentitySecret(caller.workspaceId);
  }

  @Delete('identity-secret')
  @RequireScope('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove the identity secret (identity verification off: identities are unverified)' })
  @ApiNoContentResponse({ description: 'Removed (or there was none)' })
  removeIdentitySecret(@CurrentCaller() caller: Caller): Promise<void> {
    return this.settings.removeIdentitySecret(caller.workspaceId);
  }
}
