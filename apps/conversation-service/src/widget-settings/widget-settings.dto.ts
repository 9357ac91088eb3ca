import { identitySecretSchema, updateWidgetSettingsSchema, widgetSettingsSchema } from '@neodesk/contracts';
import { createZodDto } from 'nestjs-zod';

// Classes over the contracts' schemas: the global pipe validates with them, OpenAPI documents them.
export class WidgetSettingsResponseDto extends createZodDto(widgetSettingsSchema) {}
export class UpdateWidgetSettingsRequestDto extends createZodDto(updateWidgetSettingsSchema) {}
export class IdentitySecretResponseDto extends createZodDto(identitySecretSchema) {}
