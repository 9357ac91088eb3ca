import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { WidgetController } from './widget.controller';
import { WidgetSessionsService } from './widget-sessions.service';

@Module({
  imports: [AuthModule, WorkspacesModule, ConversationsModule],
  controllers: [WidgetController],
  providers: [WidgetSessionsService],
  exports: [WidgetSessionsService],
})
export class WidgetModule {}
