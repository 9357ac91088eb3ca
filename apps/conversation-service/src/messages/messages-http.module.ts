import { Module } from '@nestjs/common';
import { ChatModule } from '../chat/chat.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { UsersModule } from '../users/users.module';
import { ConversationMessagesService } from './conversation-messages.service';
import { MessagesController } from './messages.controller';
import { MessagesModule } from './messages.module';

/** The REST edge of messages; apart from MessagesModule because it drives the chat flow. */
@Module({
  imports: [MessagesModule, ConversationsModule, UsersModule, ChatModule],
  controllers: [MessagesController],
  providers: [ConversationMessagesService],
})
export class MessagesHttpModule {}
