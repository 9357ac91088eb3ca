import { Module } from '@nestjs/common';
import { SatisfactionController } from './satisfaction.controller';
import { SatisfactionService } from './satisfaction.service';

/** Customer satisfaction (CSAT) answers: stored from the widget, read over REST. */
@Module({ controllers: [SatisfactionController], providers: [SatisfactionService], exports: [SatisfactionService] })
export class SatisfactionModule {}
