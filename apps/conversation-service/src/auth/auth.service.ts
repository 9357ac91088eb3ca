import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { LoginRequest, LoginResponseDto, RefreshRequest } from '@neodesk/contracts';
import { Repositories, UnitOfWork } from '@neodesk/persistence';
import { type UserView, UsersService } from '../users/users.service';
import { AuthError, AuthErrorCode } from './auth.error';
import { type Caller, scopesOfRole } from './caller';
import { LoginThrottleService } from './login-throttle.service';
import { SignedTokens } from './signed-tokens';

/** Who an agent socket or request acts as. */
export interface AgentIdentity {
  workspaceId: string;
  userId: string;
}

/** Short-lived and stateless; a refresh token gets the next one. */
export const AGENT_TOKEN_TTL_SECONDS = 15 * 60;
/** A login lasts this long without use; each refresh starts it again. */
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;
const REFRESH_TOKEN_PREFIX = 'ndr_';

@Injectable()
export class AuthService {
  constructor(
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(SignedTokens) private readonly tokens: SignedTokens,
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(LoginThrottleService) private readonly throttle: LoginThrottleService,
  ) {}

  /** Wrong passwords and unknown addresses alike count towards the account's lock (see LoginThrottleService). */
  async login(input: LoginRequest): Promise<LoginResponseDto> {
    const attempt = await this.throttle.begin(input.email);
    const user = await this.users.verifyCredentials(input.email, input.password);
    if (user === null) {
      await attempt.failed();
      throw new AuthError(AuthErrorCode.InvalidCredentials, 'Wrong e-mail or password');
    }
    await attempt.succeeded();
    return this.unitOfWork.run((tx) => this.issue(tx, user, randomUUID()));
  }

  /**
   * Trades a refresh token for a new access token and a new refresh token. Each refresh token works once:
   * using one again (a stolen copy, or the thief after the owner) revokes every token of that login.
   */
  async refresh(input: RefreshRequest): Promise<LoginResponseDto> {
    const refused = new AuthError(AuthErrorCode.InvalidRefreshToken, 'The refresh token is invalid, expired or used');
    const outcome = await this.unitOfWork.run(async (tx) => {
      const token = await tx.refreshTokens.lockByHash(digest(input.refreshToken));
      if (token === null || token.revokedAt !== null || token.expiresAt <= new Date()) {
        return null;
      }
      if (token.usedAt !== null) {
        await tx.refreshTokens.revokeFamily(token.familyId);
        return null;
      }
      await tx.refreshTokens.markUsed(token.id);
      // In the transaction: a second pooled connection would wait forever on a pool of one (embedded).
      const user = await this.users.findActive(token.workspaceId, token.userId, tx);
      return user === null ? null : this.issue(tx, user, token.familyId);
    });
    if (outcome === null) {
      throw refused;
    }
    return outcome;
  }

  /**
   * Ends the login a refresh token belongs to (the dashboard's "Sign out"): it and every token of the login
   * stop working. Unknown, used or expired tokens change nothing, and the answer is the same.
   */
  async logout(input: RefreshRequest): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      const token = await tx.refreshTokens.lockByHash(digest(input.refreshToken));
      if (token !== null) {
        await tx.refreshTokens.revokeFamily(token.familyId);
      }
    });
  }

  /** The REST caller behind an agent access token; the user must still be active (roles are read fresh). */
  async authenticateAccessToken(token: string): Promise<Caller> {
    const identity = this.verifyAgentToken(token);
    const user = await this.users.findActive(identity.workspaceId, identity.userId);
    if (user === null) {
      throw new AuthError(AuthErrorCode.InvalidToken, 'The access token is invalid or expired');
    }
    return { workspaceId: user.workspaceId, scopes: scopesOfRole(user.role), userId: user.id, apiKeyId: null };
  }

  private async issue(tx: Repositories, user: UserView, familyId: string): Promise<LoginResponseDto> {
    const refreshToken = `${REFRESH_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    await tx.refreshTokens.insert({
      workspaceId: user.workspaceId,
      userId: user.id,
      familyId,
      tokenHash: digest(refreshToken),
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_SECONDS * 1000),
    });
    return {
      accessToken: this.tokens.sign('agent', user.workspaceId, user.id, AGENT_TOKEN_TTL_SECONDS),
      tokenType: 'Bearer',
      expiresIn: AGENT_TOKEN_TTL_SECONDS,
      refreshToken,
      refreshExpiresIn: REFRESH_TOKEN_TTL_SECONDS,
      user: {
        id: user.id,
        workspaceId: user.workspaceId,
        email: user.email,
        displayName: user.displayName,
        role: user.role,
      },
    };
  }

  /** A dashboard socket's agent: a valid token of a still active user, and when the token runs out (epoch ms). */
  async authenticateAgentSocket(token: string): Promise<AgentIdentity & { expiresAtMs: number }> {
    const claims = this.tokens.verify('agent', token);
    const user = claims === null ? null : await this.users.findActive(claims.workspaceId, claims.subject);
    if (claims === null || user === null) {
      throw new AuthError(AuthErrorCode.InvalidToken, 'The access token is invalid or expired');
    }
    return { workspaceId: user.workspaceId, userId: user.id, expiresAtMs: claims.expiresAt * 1000 };
  }

  verifyAgentToken(token: string): AgentIdentity {
    const claims = this.tokens.verify('agent', token);
    if (claims === null) {
      throw new AuthError(AuthErrorCode.InvalidToken, 'The access token is invalid or expired');
    }
    return { workspaceId: claims.workspaceId, userId: claims.subject };
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
