import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BotModule } from '../bot/bot.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { FeedbackModule } from '../feedback/feedback.module';
import { CustomerInputModule } from '../guardrails/input/customer-input.module';
import { ConfidenceModule } from '../guardrails/confidence/confidence.module';
import { HandoffModule } from '../handoff/handoff.module';
import { MessagesModule } from '../messages/messages.module';
import { PresenceModule } from '../presence/presence.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { SatisfactionModule } from '../satisfaction/satisfaction.module';
import { WidgetModule } from '../widget/widget.module';
import { WidgetSettingsModule } from '../widget-settings/widget-settings.module';
import { AgentChatService } from './agent-chat.service';
import { AgentGateway } from './agent.gateway';
import { ChatService } from './chat.service';
import { VisitorChatService } from './visitor-chat.service';
import { VisitorGateway } from './visitor.gateway';

/** The conversation flow shared by the widget's and the dashboard's sockets and by the REST API. */
@Module({
  imports: [
    AuthModule,
    WidgetModule,
    ConversationsModule,
    MessagesModule,
    BotModule,
    HandoffModule,
    RealtimeModule,
    FeedbackModule,
    WidgetSettingsModule,
    SatisfactionModule,
    PresenceModule,
    CustomerInputModule,
    ConfidenceModule,
  ],
  providers: [ChatService, VisitorChatService, AgentChatService, VisitorGateway, AgentGateway],
  exports: [ChatService],
})
export class ChatModule {}
