import { Module } from '@nestjs/common';
import { ChatModule } from '../chat/chat.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { ConversationCommandsService } from './conversation-commands.service';
import { ConversationsController } from './conversations.controller';
import { ConversationsModule } from './conversations.module';

/** The REST edge of conversations; apart from ConversationsModule because it drives the chat flow. */
@Module({
  imports: [ConversationsModule, ChatModule, RealtimeModule],
  controllers: [ConversationsController],
  providers: [ConversationCommandsService],
})
export class ConversationsHttpModule {}
