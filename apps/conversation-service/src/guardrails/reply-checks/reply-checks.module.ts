import { Module } from '@nestjs/common';
import { HandoffModule } from '../../handoff/handoff.module';
import { GuardrailsModule } from '../guardrails.module';
import { ReplyChecksService } from './reply-checks.service';

/** Checks on bot replies as they stream, for the bot reply flow. */
@Module({
  imports: [GuardrailsModule, HandoffModule],
  providers: [ReplyChecksService],
  exports: [ReplyChecksService],
})
export class ReplyChecksModule {}
