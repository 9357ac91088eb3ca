import {
  conversationIdParamsSchema,
  listMessagesQuerySchema,
  messagePageSchema,
  postedMessageSchema,
  postMessageQuerySchema,
  postMessageRequestSchema,
} from '@neodesk/contracts';
import { createZodDto } from 'nestjs-zod';

// Classes over the contracts' schemas: the global pipe validates with them, OpenAPI documents them.
export class ConversationMessagesParamsDto extends createZodDto(conversationIdParamsSchema) {}
export class ListMessagesQueryDto extends createZodDto(listMessagesQuerySchema) {}
export class PostMessageRequestDto extends createZodDto(postMessageRequestSchema) {}
export class PostMessageQueryDto extends createZodDto(postMessageQuerySchema) {}
export class MessagePageResponseDto extends createZodDto(messagePageSchema) {}
export class PostedMessageResponseDto extends createZodDto(postedMessageSchema) {}
