import {
  trainingDataQuerySchema,
  trainingExampleSchema,
  transcriptExportSchema,
  transcriptsQuerySchema,
} from '@neodesk/contracts';
import { createZodDto } from 'nestjs-zod';

// Classes over the contracts' schemas: the global pipe validates with them, OpenAPI documents them.
export class TrainingDataQueryDto extends createZodDto(trainingDataQuerySchema) {}
export class TranscriptsQueryDto extends createZodDto(transcriptsQuerySchema) {}
export class TrainingExampleResponseDto extends createZodDto(trainingExampleSchema) {}
export class TranscriptExportResponseDto extends createZodDto(transcriptExportSchema) {}
