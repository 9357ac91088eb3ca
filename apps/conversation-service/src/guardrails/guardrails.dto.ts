import {
  guardrailDecisionListSchema,
  guardrailSettingsSchema,
  updateGuardrailSettingsRequestSchema,
} from '@neodesk/contracts';
import { createZodDto } from 'nestjs-zod';

// Classes over the contracts' schemas: the global pipe validates with them, OpenAPI documents them.
export class GuardrailSettingsResponseDto extends createZodDto(guardrailSettingsSchema) {}
export class UpdateGuardrailSettingsRequestDto extends createZodDto(updateGuardrailSettingsRequestSchema) {}
export class GuardrailDecisionListResponseDto extends createZodDto(guardrailDecisionListSchema) {}
