import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Patch, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MAX_ALLOWED_ORIGINS, type WorkspaceSettingsDto } from '@neodesk/contracts';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { WorkspaceSettingsService } from './workspace-settings.service';
import { UpdateWorkspaceRequestDto, WorkspaceSettingsResponseDto } from './workspaces.dto';

/** The caller's own workspace: its name, the websites that may embed its widget, and the widget key. */
@ApiTags('Workspace')
@Controller('api/v1/workspace')
@RequireScope('admin')
export class WorkspaceController {
  constructor(@Inject(WorkspaceSettingsService) private readonly settings: WorkspaceSettingsService) {}

  @Get()
  @ApiOperation({ summary: 'The workspace: name, allowed origins, widget key and the script tag to paste' })
  @ApiOkResponse({ type: WorkspaceSettingsResponseDto })
  get(@CurrentCaller() caller: Caller): Promise<WorkspaceSettingsDto> {
    return this.settings.get(caller.workspaceId);
  }

  @Patch()
  @ApiOperation({
    summary: 'Rename the workspace or replace the websites allowed to embed its widget',
    description:
      `Only the fields sent change. \`allowedOrigins\` replaces the list (at most ${MAX_ALLOWED_ORIGINS}): each ` +
      'entry is an origin, `scheme://host[:port]` over http or https with no path, or `https://*.example.com` ' +
      'for every subdomain of example.com (not example.com itself). Entries are lower-cased and deduplicated; ' +
      "the service's own pages are always allowed.",
  })
  @ApiOkResponse({ type: WorkspaceSettingsResponseDto })
  @ApiProblems(400, 413, 415)
  update(@CurrentCaller() caller: Caller, @Body() body: UpdateWorkspaceRequestDto): Promise<WorkspaceSettingsDto> {
    return this.settings.update(caller.workspaceId, body);
  }

  @Post('rotate-widget-key')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Replace the widget key',
    description:
      'The old key is refused from the next request on (new sessions, config, sockets); visitors already ' +
      'connected keep their conversation. Paste the new script tag on every site.',
  })
  @ApiOkResponse({ type: WorkspaceSettingsResponseDto })
  rotateWidgetKey(@CurrentCaller() caller: Caller): Promise<WorkspaceSettingsDto> {
    return this.settings.rotateWidgetKey(caller.workspaceId);
  }
}
