import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { ConfidenceModule } from '../guardrails/confidence/confidence.module';
import { ReplyChecksModule } from '../guardrails/reply-checks/reply-checks.module';
import { HandoffModule } from '../handoff/handoff.module';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { MessagesModule } from '../messages/messages.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { WorkersModule } from '../workers/workers.module';
import { BotPreviewService } from './bot-preview.service';
import { BotReplyService } from './bot-reply.service';
import { BotSettingsService } from './bot-settings.service';
import { LostReplySweeper } from './lost-reply-sweeper';
import { ReplyCluster } from './reply-cluster';
import { ReplyGrounding } from './reply-grounding.service';

/** Bot replies: placing generation jobs on workers, streaming them, storing them, falling back to humans. */
@Module({
  imports: [
    ConversationsModule,
    MessagesModule,
    HandoffModule,
    RealtimeModule,
    WorkersModule,
    ReplyChecksModule,
    ConfidenceModule,
    KnowledgeModule,
  ],
  providers: [BotSettingsService, ReplyCluster, ReplyGrounding, BotReplyService, BotPreviewService, LostReplySweeper],
  exports: [BotSettingsService, BotReplyService, BotPreviewService],
})
export class BotModule {}
