import { satisfactionSchema } from '@neodesk/contracts';
import { createZodDto } from 'nestjs-zod';

export class SatisfactionResponseDto extends createZodDto(satisfactionSchema) {}
