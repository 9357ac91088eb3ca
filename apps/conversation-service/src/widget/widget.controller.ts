import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Post,
  Query,
  Res,
  createParamDecorator,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  type CreateWidgetSessionRequest,
  type WidgetConfigDto,
  type WidgetSessionDto,
  createWidgetSessionRequestSchema,
} from '@neodesk/contracts';
import type { Request, Response } from 'express';
import type { PageOrigin } from './origin-policy';
import { Public } from '../auth/auth.decorators';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { allowWidgetOrigin } from './widget-cors.middleware';
import { WidgetConfigService } from './widget-config.service';
import { WidgetSessionsService } from './widget-sessions.service';
import { WidgetConfigQueryDto } from './widget.dto';

/** The page's Origin and the Host it addressed, for the origin policy. */
const Page = createParamDecorator((_data: unknown, context: ExecutionContext): PageOrigin => {
  const request = context.switchToHttp().getRequest<Request>();
  return { origin: request.headers.origin, host: request.headers.host };
});

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
  createSession(
    @Body(new ZodBodyPipe(createWidgetSessionRequestSchema)) body: CreateWidgetSessionRequest,
    @Page() page: PageOrigin,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WidgetSessionDto> {
    return this.sessions.create(body, page, () => allowWidgetOrigin(res, page.origin));
  }

  /** Cacheable for a minute by browsers and proxies; the answer depends on the page's origin (403 or not). */
  @Get('config')
  async getConfig(
    @Query() query: WidgetConfigQueryDto,
    @Page() page: PageOrigin,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WidgetConfigDto> {
    const config = await this.widgetConfig.get(query.widgetKey, page);
    res.set('Cache-Control', 'public, max-age=60');
    allowWidgetOrigin(res, page.origin);
    return config;
  }
}
