import { Module } from '@nestjs/common';
import { BotModule } from '../../bot/bot.module';
import { HandoffModule } from '../../handoff/handoff.module';
import { MessagesModule } from '../../messages/messages.module';
import { RealtimeModule } from '../../realtime/realtime.module';
import { GuardrailsModule } from '../guardrails.module';
import { CustomerInputGuard } from './customer-input-guard.service';

/** Guardrails on customer messages: personal data kept or masked, abuse answered and flagged, injections recorded. */
@Module({
  imports: [GuardrailsModule, MessagesModule, BotModule, HandoffModule, RealtimeModule],
  providers: [CustomerInputGuard],
  exports: [CustomerInputGuard],
})
export class CustomerInputModule {}
