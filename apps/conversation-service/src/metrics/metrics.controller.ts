import { Controller, Get, Inject, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { Metrics } from './metrics';
import { MetricsAccessGuard } from './metrics-access.guard';

export const METRICS_SECURITY_SCHEME = 'metrics-token';

/**
 * Prometheus scrapes this replica here. Deliberately outside the API keys (the figures are the whole
 * installation's, so no workspace credential opens them): loopback only unless METRICS_TOKEN is set, then
 * guarded by that token alone (the route-enumeration spec lists it as such).
 */
@ApiTags('Operations')
@Controller('metrics')
@Public()
@UseGuards(MetricsAccessGuard)
export class MetricsController {
  constructor(@Inject(Metrics) private readonly metrics: Metrics) {}

  @Get()
  @ApiOperation({
    summary: "This replica's metrics in the Prometheus text format",
    description:
      'Without `METRICS_TOKEN`, answers only requests from the same host (loopback, no proxy: 403 otherwise); ' +
      'with it, send `Authorization: Bearer <METRICS_TOKEN>` from anywhere. The figures are the whole ' +
      "installation's, never one workspace's, and no API key or agent token opens them. Each replica " +
      'answers for itself (scrape every one); conversations by status come from the database and are the same ' +
      'on every replica.',
  })
  @ApiBearerAuth(METRICS_SECURITY_SCHEME)
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'Prometheus text exposition format 0.0.4',
    content: {
      'text/plain': {
        schema: { type: 'string' },
        example:
          '# HELP neodesk_conversations Conversations of every workspace by status\n' +
          '# TYPE neodesk_conversations gauge\nneodesk_conversations{status="bot"} 12\n',
      },
    },
  })
  @ApiProblems(401, 403, 429)
  async scrape(@Res({ passthrough: true }) res: Response): Promise<string> {
    const { contentType, body } = await this.metrics.scrape();
    res.type(contentType);
    return body;
  }
}
