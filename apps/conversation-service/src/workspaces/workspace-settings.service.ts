import { Inject, Injectable } from '@nestjs/common';
import type { UpdateWorkspaceRequest, WorkspaceSettingsDto } from '@neodesk/contracts';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { WorkspacesService, type WorkspaceView } from './workspaces.service';

/** The caller's own workspace as its admins see it: name, allowed websites, the widget key and its tag. */
@Injectable()
export class WorkspaceSettingsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WorkspacesService) private readonly workspaces: WorkspacesService,
  ) {}

  async get(workspaceId: string): Promise<WorkspaceSettingsDto> {
    return this.toDto(await this.workspaces.get(workspaceId));
  }

  async update(workspaceId: string, changes: UpdateWorkspaceRequest): Promise<WorkspaceSettingsDto> {
    return this.toDto(await this.workspaces.update(workspaceId, changes));
  }

  async rotateWidgetKey(workspaceId: string): Promise<WorkspaceSettingsDto> {
    return this.toDto(await this.workspaces.rotateWidgetKey(workspaceId));
  }

  private toDto(workspace: WorkspaceView): WorkspaceSettingsDto {
    return { ...workspace, widgetSnippet: widgetSnippet(this.config.http.publicUrl, workspace.widgetKey) };
  }
}

/** The script tag a site pastes; widget keys are URL- and attribute-safe (nd_pk_ + base64url). */
export function widgetSnippet(publicUrl: string, widgetKey: string): string {
  return `<script src="${publicUrl}/widget.js" data-widget-key="${widgetKey}" async></script>`;
}
