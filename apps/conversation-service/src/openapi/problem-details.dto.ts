import { problemDetailsSchema } from '@neodesk/contracts';
import { createZodDto } from 'nestjs-zod';

export class ProblemDetailsDto extends createZodDto(problemDetailsSchema) {}
