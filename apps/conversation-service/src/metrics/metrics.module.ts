import { Global, Module } from '@nestjs/common';
import { WorkersModule } from '../workers/workers.module';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { Metrics } from './metrics';
import { MetricsController } from './metrics.controller';
import { MetricsAccessGuard } from './metrics-access.guard';

/**
 * Prometheus metrics: `GET /metrics` and the recorder the other modules report to. Global, so that a
 * service records without importing this module; AppModule puts HttpMetricsMiddleware first.
 */
@Global()
@Module({
  imports: [WorkersModule],
  controllers: [MetricsController],
  providers: [Metrics, MetricsAccessGuard, HttpMetricsMiddleware],
  exports: [Metrics, HttpMetricsMiddleware],
})
export class MetricsModule {}
