import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  type CreateWidgetSessionRequest,
  type WidgetConfigDto,
  type WidgetSessionDto,
  createWidgetSessionRequestSchema,
} from '@neodesk/contracts';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { allowWidgetOrigin } from './widget-cors.middleware';
import { WidgetConfigService } from './widget-config.service';
import { WidgetSessionsService } from './widget-sessions.service';
import { WidgetConfigQueryDto } from './widget.dto';

/** Public on purpose: the widget runs on customers' websites with only its widget key. */
@Public()
// The widget's own protocol (README "Realtime gateway"), not part of the API for support systems.
@ApiExcludeController()
@Controller('api/v1/widget')
export class WidgetController {
  constructor(
    @Inject(WidgetSessionsService) private readonly sessions: WidgetSessionsService,
    @Inject(WidgetConfigService) private readonly widgetConfig: WidgetConfigService,
  ) {}

  @Post('sessions')
  @HttpCode(HttpStatus.CREATED)
  async createSession(
    @Body(new ZodBodyPipe(createWidgetSessionRequestSchema)) body: CreateWidgetSessionRequest,
    @Headers('origin') origin: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WidgetSessionDto> {
    const session = await this.sessions.create(body, origin);
    allowWidgetOrigin(res, origin);
    return session;
  }

  /** Cacheable for a minute by browsers and proxies; the answer depends on the page's origin (403 or not). */
  @Get('config')
  async getConfig(
    @Query() query: WidgetConfigQueryDto,
    @Headers('origin') origin: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WidgetConfigDto> {
    const config = await this.widgetConfig.get(query.widgetKey, origin);
    res.set('Cache-Control', 'public, max-age=60');
    allowWidgetOrigin(res, origin);
    return config;
  }
}
