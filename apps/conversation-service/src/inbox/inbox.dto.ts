import {
  inboxCountsSchema,
  inboxPreviewListSchema,
  inboxPreviewsQuerySchema,
  teammateListSchema,
} from '@neodesk/contracts';
import { createZodDto } from 'nestjs-zod';

export class InboxCountsResponseDto extends createZodDto(inboxCountsSchema) {}
export class InboxPreviewsQueryDto extends createZodDto(inboxPreviewsQuerySchema) {}
export class InboxPreviewListResponseDto extends createZodDto(inboxPreviewListSchema) {}
export class TeammateListResponseDto extends createZodDto(teammateListSchema) {}
