import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { MessagesModule } from '../messages/messages.module';
import { WidgetModule } from '../widget/widget.module';
import { AgentGateway } from './agent.gateway';
import { RealtimeEmitter } from './realtime-emitter';
import { VisitorChatService } from './visitor-chat.service';
import { VisitorGateway } from './visitor.gateway';

@Module({
  imports: [AuthModule, WidgetModule, ConversationsModule, MessagesModule],
  providers: [RealtimeEmitter, VisitorChatService, VisitorGateway, AgentGateway],
  exports: [RealtimeEmitter],
})
export class RealtimeModule {}
