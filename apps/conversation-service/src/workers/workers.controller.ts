import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ModelListDto, WorkerListDto } from '@neodesk/contracts';
import { RequireScope } from '../auth/auth.decorators';
import { WorkerStatusService } from './worker-status.service';
import { ModelListResponseDto, WorkerListResponseDto } from './workers.dto';

/** The inference workers of the cluster (shared by every workspace) and the models they serve. */
@ApiTags('Workers and models')
@Controller('api/v1')
@RequireScope('read')
export class WorkersController {
  constructor(@Inject(WorkerStatusService) private readonly status: WorkerStatusService) {}

  @Get('workers')
  @ApiOperation({
    summary: 'Every inference worker connected to any replica, with its model, limits and load',
    description: 'Load and engine figures come from the heartbeat a worker sends every 5 s (null before the first).',
  })
  @ApiOkResponse({ type: WorkerListResponseDto })
  async workers(): Promise<WorkerListDto> {
    return { data: await this.status.workers() };
  }

  @Get('models')
  @ApiOperation({ summary: 'The models in use, by id and version, with how many workers serve each and their load' })
  @ApiOkResponse({ type: ModelListResponseDto })
  async models(): Promise<ModelListDto> {
    return { data: await this.status.models() };
  }
}
