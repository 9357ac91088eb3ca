import { z } from 'zod';
import { USER_ROLES } from '../workspaces/user-role';

/** `POST /api/v1/auth/login`. */
export const loginRequestSchema = z
  .strictObject({
    email: z.string().trim().min(3).max(254),
    password: z.string().min(1).max(256),
  })
  .meta({ examples: [{ email: 'agent@example.com', password: 'correct horse battery staple' }] });
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/** `POST /api/v1/auth/refresh`: a refresh token works once; the answer carries its successor. */
export const refreshRequestSchema = z
  .strictObject({ refreshToken: z.string().min(1).max(200) })
  .meta({ examples: [{ refreshToken: 'ndr_Vb3kP9sQ1mX7tL2wY8zC4nF6hJ0dG5aE2uR7iO9gK3' }] });
export type RefreshRequest = z.infer<typeof refreshRequestSchema>;

export const authUserSchema = z.object({
  id: z.guid(),
  workspaceId: z.guid(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(USER_ROLES),
});
export type AuthUserDto = z.infer<typeof authUserSchema>;

export const loginResponseSchema = z
  .object({
    /** `Authorization: Bearer <accessToken>` on the REST API; `socket.handshake.auth.token` on `/agent`. */
    accessToken: z.string(),
    tokenType: z.literal('Bearer'),
    /** Seconds until the access token expires. */
    expiresIn: z.int(),
    /** Trade it for new tokens at `POST /api/v1/auth/refresh` before it expires; it works once. */
    refreshToken: z.string(),
    /** Seconds until the refresh token expires. */
    refreshExpiresIn: z.int(),
    user: authUserSchema,
  })
  .meta({
    examples: [
      {
        accessToken: 'v1.eyJraW5kIjoiYWdlbnQiLCJ3b3Jrc3BhY2VJZCI6Ii4uLiJ9.c2lnbmF0dXJl',
        tokenType: 'Bearer',
        expiresIn: 900,
        refreshToken: 'ndr_Vb3kP9sQ1mX7tL2wY8zC4nF6hJ0dG5aE2uR7iO9gK3',
        refreshExpiresIn: 2592000,
        user: {
          id: '9a3c5e7f-1b2d-4e6f-8a0b-2c4d6e8f0a1b',
          workspaceId: '1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
          email: 'agent@example.com',
          displayName: 'Grace',
          role: 'agent',
        },
      },
    ],
  });
export type LoginResponseDto = z.infer<typeof loginResponseSchema>;
