import {
  conversationIdParamsSchema,
  conversationPageSchema,
  conversationSchema,
  createConversationRequestSchema,
  listConversationsQuerySchema,
  updateConversationRequestSchema,
} from '@neodesk/contracts';
import { createZodDto } from 'nestjs-zod';

// Classes over the contracts' schemas: the global pipe validates with them, OpenAPI documents them.
export class ConversationIdParamsDto extends createZodDto(conversationIdParamsSchema) {}
export class ListConversationsQueryDto extends createZodDto(listConversationsQuerySchema) {}
export class CreateConversationRequestDto extends createZodDto(createConversationRequestSchema) {}
export class UpdateConversationRequestDto extends createZodDto(updateConversationRequestSchema) {}
export class ConversationResponseDto extends createZodDto(conversationSchema) {}
export class ConversationPageResponseDto extends createZodDto(conversationPageSchema) {}
