import { Module } from '@nestjs/common';
import { HandoffModule } from '../../handoff/handoff.module';
import { MessagesModule } from '../../messages/messages.module';
import { GuardrailsModule } from '../guardrails.module';
import { ConfidenceHandoffService } from './confidence-handoff.service';

/** Confidence-based handoff, for the bot reply flow and the chat flow. */
@Module({
  imports: [GuardrailsModule, HandoffModule, MessagesModule],
  providers: [ConfidenceHandoffService],
  exports: [ConfidenceHandoffService],
})
export class ConfidenceModule {}
