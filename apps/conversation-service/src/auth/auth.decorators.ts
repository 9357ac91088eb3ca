import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { ApiKeyScope } from '@neodesk/contracts';
import { ApiProblems } from '../openapi/api-problems.decorator';
import type { Caller } from './caller';

export const PUBLIC_ROUTE = 'neodesk:public-route';
export const REQUIRED_SCOPE = 'neodesk:required-scope';

/** Opens a route to unauthenticated callers. Every other route needs a key or an access token. */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** The scope a route needs (`admin` includes `write`, `write` includes `read`); documented in OpenAPI too. */
export function RequireScope(scope: ApiKeyScope): ClassDecorator & MethodDecorator {
  return applyDecorators(SetMetadata(REQUIRED_SCOPE, scope), ApiBearerAuth(), ApiProblems(401, 403, 429, 503));
}

/** Where the guard leaves the authenticated caller on the request. */
export interface RequestWithCaller {
  caller?: Caller;
}

/** The authenticated caller of a guarded route. */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<RequestWithCaller>().caller;
  if (caller === undefined) {
    // Only a route marked @Public() gets here without one, and such a route must not ask for it.
    throw new Error('CurrentCaller used on a route without an authenticated caller');
  }
  return caller;
});
