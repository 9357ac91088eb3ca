import { modelListSchema, workerListSchema } from '@neodesk/contracts';
import { createZodDto } from 'nestjs-zod';

// Classes over the contracts' schemas for OpenAPI.
export class WorkerListResponseDto extends createZodDto(workerListSchema) {}
export class ModelListResponseDto extends createZodDto(modelListSchema) {}
