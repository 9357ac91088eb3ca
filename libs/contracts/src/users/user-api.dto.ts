import { z } from 'zod';
import { USER_ROLES } from '../workspaces/user-role';
import {
  MAX_USER_DISPLAY_NAME,
  MAX_USER_EMAIL_LENGTH,
  USER_EMAIL_PATTERN,
  USER_PASSWORD_LIMITS,
  USER_REMOVAL_OUTCOMES,
} from './user-limits';

// The limits live in a zod-free module, so the dashboard's forms check the same ones.
export * from './user-limits';

const email = z.string().trim().max(MAX_USER_EMAIL_LENGTH).regex(USER_EMAIL_PATTERN, 'must be an e-mail address');
const displayName = z.string().trim().min(1).max(MAX_USER_DISPLAY_NAME);
const password = z
  .string()
  .min(USER_PASSWORD_LIMITS.min, `must have at least ${USER_PASSWORD_LIMITS.min} characters`)
  .max(USER_PASSWORD_LIMITS.max);

const USER_EXAMPLE = {
  id: '9a3c5e7f-1b2d-4e6f-8a0b-2c4d6e8f0a1b',
  workspaceId: '1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  email: 'grace@example.com',
  displayName: 'Grace',
  role: 'agent',
  isActive: true,
  createdAt: '2026-11-26T10:00:00.000Z',
};

/** A user as the REST API answers it: never the password or its hash. */
export const userSchema = z
  .object({
    id: z.guid(),
    workspaceId: z.guid(),
    email: z.string(),
    displayName: z.string(),
    role: z.enum(USER_ROLES),
    /** Inactive users cannot log in; their tokens stop working at once. */
    isActive: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ examples: [USER_EXAMPLE] });
export type UserDto = z.infer<typeof userSchema>;

export const userListSchema = z.object({ data: z.array(userSchema) }).meta({ examples: [{ data: [USER_EXAMPLE] }] });
export type UserListDto = z.infer<typeof userListSchema>;

/** `POST /api/v1/users`. E-mails are unique regardless of case (they are the login). */
export const createUserRequestSchema = z.strictObject({ email, displayName, password, role: z.enum(USER_ROLES) }).meta({
  examples: [
    { email: 'grace@example.com', displayName: 'Grace', password: 'correct horse battery staple', role: 'agent' },
  ],
});
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

/** `PATCH /api/v1/users/:id`: any subset; the last active admin cannot be demoted or deactivated. */
export const updateUserRequestSchema = z
  .strictObject({
    email: email.optional(),
    displayName: displayName.optional(),
    role: z.enum(USER_ROLES).optional(),
    /** false deactivates (no login, tokens refused), true reactivates. */
    isActive: z.boolean().optional(),
    /** A new password; the user's other sessions end. */
    password: password.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one field to change' })
  .meta({ examples: [{ role: 'admin' }, { isActive: false }, { password: 'a new long passphrase' }] });
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;

/**
 * The answer to `DELETE /api/v1/users/:id`: a user whose name is on messages or conversations is kept,
 * deactivated, so transcripts still say who wrote; anyone else is deleted.
 */
export const removedUserSchema = z
  .object({ outcome: z.enum(USER_REMOVAL_OUTCOMES), user: userSchema })
  .meta({ examples: [{ outcome: 'deactivated', user: { ...USER_EXAMPLE, isActive: false } }] });
export type RemovedUserDto = z.infer<typeof removedUserSchema>;

export const userIdParamsSchema = z.strictObject({ id: z.guid() });
export type UserIdParams = z.infer<typeof userIdParamsSchema>;
