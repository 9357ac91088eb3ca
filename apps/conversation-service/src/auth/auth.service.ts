import { Inject, Injectable } from '@nestjs/common';
import type { LoginRequest, LoginResponseDto } from '@neodesk/contracts';
import { UsersService } from '../users/users.service';
import { AuthError, AuthErrorCode } from './auth.error';
import { SignedTokens } from './signed-tokens';

/** Who an agent socket or request acts as. */
export interface AgentIdentity {
  workspaceId: string;
  userId: string;
}

/** Short-lived: there is no refresh or revocation yet (the full REST auth comes later). */
export const AGENT_TOKEN_TTL_SECONDS = 15 * 60;

@Injectable()
export class AuthService {
  constructor(
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(SignedTokens) private readonly tokens: SignedTokens,
  ) {}

  async login(input: LoginRequest): Promise<LoginResponseDto> {
    const user = await this.users.verifyCredentials(input.email, input.password);
    if (user === null) {
      throw new AuthError(AuthErrorCode.InvalidCredentials, 'Wrong e-mail or password');
    }
    return {
      accessToken: this.tokens.sign('agent', user.workspaceId, user.id, AGENT_TOKEN_TTL_SECONDS),
      tokenType: 'Bearer',
      expiresIn: AGENT_TOKEN_TTL_SECONDS,
      user: {
        id: user.id,
        workspaceId: user.workspaceId,
        email: user.email,
        displayName: user.displayName,
        role: user.role,
      },
    };
  }

  verifyAgentToken(token: string): AgentIdentity {
    const claims = this.tokens.verify('agent', token);
    if (claims === null) {
      throw new AuthError(AuthErrorCode.InvalidToken, 'The access token is invalid or expired');
    }
    return { workspaceId: claims.workspaceId, userId: claims.subject };
  }
}
