import {
  agentReportSchema,
  conversationReportSchema,
  liveReportSchema,
  messageReportSchema,
  reportQuerySchema,
} from '@neodesk/contracts';
import { createZodDto } from 'nestjs-zod';

// Classes over the contracts' schemas: the global pipe validates with them, OpenAPI documents them.
export class ReportQueryDto extends createZodDto(reportQuerySchema) {}
export class ConversationReportResponseDto extends createZodDto(conversationReportSchema) {}
export class MessageReportResponseDto extends createZodDto(messageReportSchema) {}
export class AgentReportResponseDto extends createZodDto(agentReportSchema) {}
export class LiveReportResponseDto extends createZodDto(liveReportSchema) {}
