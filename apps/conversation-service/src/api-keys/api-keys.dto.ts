import {
  apiKeyIdParamsSchema,
  apiKeyListSchema,
  apiKeySchema,
  createApiKeyRequestSchema,
  createdApiKeySchema,
} from '@neodesk/contracts';
import { createZodDto } from 'nestjs-zod';

// Classes over the contracts' schemas: the global pipe validates with them, OpenAPI documents them.
export class CreateApiKeyRequestDto extends createZodDto(createApiKeyRequestSchema) {}
export class ApiKeyIdParamsDto extends createZodDto(apiKeyIdParamsSchema) {}
export class ApiKeyDto extends createZodDto(apiKeySchema) {}
export class CreatedApiKeyDto extends createZodDto(createdApiKeySchema) {}
export class ApiKeyListDto extends createZodDto(apiKeyListSchema) {}
