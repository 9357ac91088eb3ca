import { Module } from '@nestjs/common';
import { InboxController } from './inbox.controller';
import { InboxService } from './inbox.service';

/** The agent dashboard's inbox read models (counts per view, previews, teammates). */
@Module({ controllers: [InboxController], providers: [InboxService] })
export class InboxModule {}
