import { z } from 'zod';
import type { UserRole } from '../workspaces/user-role';

/** `POST /api/v1/auth/login`. */
export const loginRequestSchema = z.strictObject({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export interface AuthUserDto {
  id: string;
  workspaceId: string;
  email: string;
  displayName: string;
  role: UserRole;
}

export interface LoginResponseDto {
  /** Goes into `socket.handshake.auth.token` on `/agent`. */
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds until the token expires. */
  expiresIn: number;
  user: AuthUserDto;
}
