import { Module } from '@nestjs/common';
import { ConfidenceModule } from '../guardrails/confidence/confidence.module';
import { FeedbackController } from './feedback.controller';
import { FeedbackService } from './feedback.service';

/** Ratings of bot messages: the REST route here, the widget's `message:feedback` through the chat flow. */
@Module({
  imports: [ConfidenceModule],
  controllers: [FeedbackController],
  providers: [FeedbackService],
  exports: [FeedbackService],
})
export class FeedbackModule {}
