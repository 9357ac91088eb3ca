import {
  botPreviewRequestSchema,
  botPreviewSchema,
  botSettingsSchema,
  updateBotSettingsRequestSchema,
} from '@neodesk/contracts';
import { createZodDto } from 'nestjs-zod';

// Classes over the contracts' schemas: the global pipe validates with them, OpenAPI documents them.
export class BotSettingsResponseDto extends createZodDto(botSettingsSchema) {}
export class UpdateBotSettingsRequestDto extends createZodDto(updateBotSettingsRequestSchema) {}
export class BotPreviewRequestDto extends createZodDto(botPreviewRequestSchema) {}
export class BotPreviewResponseDto extends createZodDto(botPreviewSchema) {}
