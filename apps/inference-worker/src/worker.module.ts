import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { WorkerConfig } from './config/worker-config';
import { EngineHostService } from './engine/engine-host.service';
import { GatewayClientService } from './gateway/gateway-client.service';
import { WORKER_CONFIG } from './worker.tokens';

@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [LoggerModule.forRoot({ pinoHttp: { level: config.logLevel } })],
      providers: [{ provide: WORKER_CONFIG, useValue: config }, EngineHostService, GatewayClientService],
      exports: [EngineHostService],
    };
  }
}
