import { messageFeedbackParamsSchema, messageFeedbackSchema, rateMessageRequestSchema } from '@neodesk/contracts';
import { createZodDto } from 'nestjs-zod';

// Classes over the contracts' schemas: the global pipe validates with them, OpenAPI documents them.
export class MessageFeedbackParamsDto extends createZodDto(messageFeedbackParamsSchema) {}
export class RateMessageRequestDto extends createZodDto(rateMessageRequestSchema) {}
export class MessageFeedbackResponseDto extends createZodDto(messageFeedbackSchema) {}
