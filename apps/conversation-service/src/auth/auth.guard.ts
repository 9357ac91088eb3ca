import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { API_KEY_PREFIX, type ApiKeyScope } from '@neodesk/contracts';
import type { Request, Response } from 'express';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { PUBLIC_ROUTE, REQUIRED_SCOPE, type RequestWithCaller } from './auth.decorators';
import { AuthError, AuthErrorCode } from './auth.error';
import { AuthService } from './auth.service';
import { type Caller, effectiveScopes } from './caller';

const BEARER = /^Bearer +([\x21-\x7e]{1,4096})$/i;

/**
 * The one guard of every HTTP route (APP_GUARD): a route is refused unless it is marked @Public() or the
 * caller presents an API key or an agent access token with the route's scope. A route that forgot to
 * declare a scope needs `admin`, so a mistake closes the route rather than opening it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ApiKeysService) private readonly apiKeys: ApiKeysService,
    @Inject(AuthService) private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Sockets authenticate in their gateways' handshake.
    if (context.getType() !== 'http') {
      return true;
    }
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets) === true) {
      return true;
    }
    const request = context.switchToHttp().getRequest<Request & RequestWithCaller>();
    const required = this.reflector.getAllAndOverride<ApiKeyScope | undefined>(REQUIRED_SCOPE, targets) ?? 'admin';
    try {
      const caller = await this.authenticate(request.headers.authorization);
      if (!caller.scopes.includes(required)) {
        throw new AuthError(AuthErrorCode.InsufficientScope, `This route needs the ${required} scope`);
      }
      request.caller = caller;
      return true;
    } catch (error) {
      if (error instanceof AuthError && error.code !== AuthErrorCode.InsufficientScope) {
        context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="neodesk"');
      }
      throw error;
    }
  }

  private async authenticate(authorization: string | undefined): Promise<Caller> {
    const token = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
    if (token === undefined) {
      throw new AuthError(AuthErrorCode.MissingCredentials, 'Send Authorization: Bearer <API key or access token>');
    }
    if (token.startsWith(API_KEY_PREFIX)) {
      const key = await this.apiKeys.authenticate(token);
      return {
        workspaceId: key.workspaceId,
        scopes: effectiveScopes(key.scopes),
        userId: null,
        apiKeyId: key.apiKeyId,
      };
    }
    return this.auth.authenticateAccessToken(token);
  }
}
