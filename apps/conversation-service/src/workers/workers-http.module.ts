import { Module } from '@nestjs/common';
import { WorkerStatusService } from './worker-status.service';
import { WorkersController } from './workers.controller';
import { WorkersModule } from './workers.module';

/** The REST edge of the workers: status for operators. */
@Module({ imports: [WorkersModule], controllers: [WorkersController], providers: [WorkerStatusService] })
export class WorkersHttpModule {}
