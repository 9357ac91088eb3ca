import { Body, Controller, Headers, HttpCode, HttpStatus, Inject, Post } from '@nestjs/common';
import {
  type CreateWidgetSessionRequest,
  type WidgetSessionDto,
  createWidgetSessionRequestSchema,
} from '@neodesk/contracts';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { WidgetSessionsService } from './widget-sessions.service';

/** Public on purpose: the widget runs on customers' websites with only its widget key. */
@Controller('api/v1/widget')
export class WidgetController {
  constructor(@Inject(WidgetSessionsService) private readonly sessions: WidgetSessionsService) {}

  @Post('sessions')
  @HttpCode(HttpStatus.CREATED)
  createSession(
    @Body(new ZodBodyPipe(createWidgetSessionRequestSchema)) body: CreateWidgetSessionRequest,
    @Headers('origin') origin: string | undefined,
  ): Promise<WidgetSessionDto> {
    return this.sessions.create(body, origin);
  }
}
