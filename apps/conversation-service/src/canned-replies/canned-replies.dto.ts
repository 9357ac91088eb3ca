import {
  cannedReplyIdParamsSchema,
  cannedReplyListSchema,
  cannedReplySchema,
  createCannedReplyRequestSchema,
  updateCannedReplyRequestSchema,
} from '@neodesk/contracts';
import { createZodDto } from 'nestjs-zod';

export class CannedReplyIdParamsDto extends createZodDto(cannedReplyIdParamsSchema) {}
export class CreateCannedReplyRequestDto extends createZodDto(createCannedReplyRequestSchema) {}
export class UpdateCannedReplyRequestDto extends createZodDto(updateCannedReplyRequestSchema) {}
export class CannedReplyResponseDto extends createZodDto(cannedReplySchema) {}
export class CannedReplyListResponseDto extends createZodDto(cannedReplyListSchema) {}
