import { Module } from '@nestjs/common';
import { BotModule } from '../bot/bot.module';
import { GuardrailsModule } from '../guardrails/guardrails.module';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

/** Training-data and transcript exports over REST. */
@Module({ imports: [BotModule, GuardrailsModule], controllers: [ExportsController], providers: [ExportsService] })
export class ExportsModule {}
