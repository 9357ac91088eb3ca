import { Body, Controller, Headers, HttpCode, HttpStatus, Inject, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  type CreateWidgetSessionRequest,
  type WidgetSessionDto,
  createWidgetSessionRequestSchema,
} from '@neodesk/contracts';
import { Public } from '../auth/auth.decorators';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { WidgetSessionsService } from './widget-sessions.service';

/** Public on purpose: the widget runs on customers' websites with only its widget key. */
@Public()
// The widget's own protocol (README "Realtime gateway"), not part of the API for support systems.
@ApiExcludeController()
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
