import { Module } from '@nestjs/common';
import { CannedRepliesController } from './canned-replies.controller';
import { CannedRepliesService } from './canned-replies.service';

/** The workspace's canned replies (REST). */
@Module({ controllers: [CannedRepliesController], providers: [CannedRepliesService] })
export class CannedRepliesModule {}
