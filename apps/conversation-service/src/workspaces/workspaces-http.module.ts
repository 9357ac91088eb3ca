import { Module } from '@nestjs/common';
import { WorkspaceController } from './workspace.controller';
import { WorkspaceSettingsService } from './workspace-settings.service';
import { WorkspacesModule } from './workspaces.module';

/** The REST edge of the caller's workspace. */
@Module({ imports: [WorkspacesModule], controllers: [WorkspaceController], providers: [WorkspaceSettingsService] })
export class WorkspacesHttpModule {}
