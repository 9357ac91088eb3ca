import { Module } from '@nestjs/common';
import { WorkerGateway } from './worker.gateway';
import { WorkerRegistry } from './worker-registry';
import { WorkerTokenVerifier } from './worker-token';

/** The `/worker` namespace and the registry of connected inference workers. */
@Module({
  providers: [WorkerRegistry, WorkerTokenVerifier, WorkerGateway],
  exports: [WorkerRegistry],
})
export class WorkersModule {}
