import { SetMetadata } from '@nestjs/common';

export const CREDENTIALS_ROUTE = 'neodesk:credentials-route';

/** A route that checks a password or a refresh token: it also gets the stricter per-IP `credentials` limit. */
export const CredentialsRoute = (): MethodDecorator & ClassDecorator => SetMetadata(CREDENTIALS_ROUTE, true);
