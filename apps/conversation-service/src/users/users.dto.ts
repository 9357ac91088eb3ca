import {
  createUserRequestSchema,
  removedUserSchema,
  updateUserRequestSchema,
  userIdParamsSchema,
  userListSchema,
  userSchema,
} from '@neodesk/contracts';
import { createZodDto } from 'nestjs-zod';

// Classes over the contracts' schemas: the global pipe validates with them, OpenAPI documents them.
export class UserIdParamsDto extends createZodDto(userIdParamsSchema) {}
export class CreateUserRequestDto extends createZodDto(createUserRequestSchema) {}
export class UpdateUserRequestDto extends createZodDto(updateUserRequestSchema) {}
export class UserResponseDto extends createZodDto(userSchema) {}
export class UserListResponseDto extends createZodDto(userListSchema) {}
export class RemovedUserResponseDto extends createZodDto(removedUserSchema) {}
