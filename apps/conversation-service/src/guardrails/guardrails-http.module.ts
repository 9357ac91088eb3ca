import { Module } from '@nestjs/common';
import { GuardrailDecisionsController, GuardrailsController } from './guardrails.controller';
import { GuardrailsModule } from './guardrails.module';

/** The REST edge of the guardrails. */
@Module({ imports: [GuardrailsModule], controllers: [GuardrailsController, GuardrailDecisionsController] })
export class GuardrailsHttpModule {}
