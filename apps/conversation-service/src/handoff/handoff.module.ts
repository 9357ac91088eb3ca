import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { MessagesModule } from '../messages/messages.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { HandoffService } from './handoff.service';

@Module({
  imports: [ConversationsModule, MessagesModule, RealtimeModule],
  providers: [HandoffService],
  exports: [HandoffService],
})
export class HandoffModule {}
