import { Module } from '@nestjs/common';
import { RealtimeModule } from '../realtime/realtime.module';
import { GuardrailDecisionsService } from './guardrail-decisions.service';
import { GuardrailSettingsService } from './guardrail-settings.service';

/** Guardrail settings and decisions, for the bot reply flow and the REST edge. */
@Module({
  imports: [RealtimeModule],
  providers: [GuardrailSettingsService, GuardrailDecisionsService],
  exports: [GuardrailSettingsService, GuardrailDecisionsService],
})
export class GuardrailsModule {}
