import { Module } from '@nestjs/common';
import { BotSettingsController } from './bot-settings.controller';
import { BotModule } from './bot.module';

/** The REST edge of the bot settings. */
@Module({ imports: [BotModule], controllers: [BotSettingsController] })
export class BotSettingsHttpModule {}
