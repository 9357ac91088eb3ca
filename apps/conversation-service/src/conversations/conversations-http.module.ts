import { Module } from '@nestjs/common';
import { ChatModule } from '../chat/chat.module';
import { ConversationUpdatesService } from './conversation-updates.service';
import { ConversationsController } from './conversations.controller';
import { ConversationsModule } from './conversations.module';

/** The REST edge of conversations; apart from ConversationsModule because it drives the chat flow. */
@Module({
  imports: [ConversationsModule, ChatModule],
  controllers: [ConversationsController],
  providers: [ConversationUpdatesService],
})
export class ConversationsHttpModule {}
