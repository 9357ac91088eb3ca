import { loginRequestSchema, loginResponseSchema, refreshRequestSchema } from '@neodesk/contracts';
import { createZodDto } from 'nestjs-zod';

// Classes over the contracts' schemas: the global pipe validates with them, OpenAPI documents them.
export class LoginRequestDto extends createZodDto(loginRequestSchema) {}
export class RefreshRequestDto extends createZodDto(refreshRequestSchema) {}
export class LoginResponseBodyDto extends createZodDto(loginResponseSchema) {}
