import { updateWorkspaceRequestSchema, workspaceSettingsSchema } from '@neodesk/contracts';
import { createZodDto } from 'nestjs-zod';

// Classes over the contracts' schemas: the global pipe validates with them, OpenAPI documents them.
export class WorkspaceSettingsResponseDto extends createZodDto(workspaceSettingsSchema) {}
export class UpdateWorkspaceRequestDto extends createZodDto(updateWorkspaceRequestSchema) {}
