import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { METRICS_SECURITY_SCHEME } from '../metrics/metrics.controller';

export const OPENAPI_UI_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/docs-json';

/**
 * Serves the OpenAPI 3 document generated from the controllers' decorators and the contracts' zod
 * schemas: the UI at /api/docs, the JSON at /api/docs-json. Both are public (they describe, not serve, data).
 */
export function setupOpenApi(app: INestApplication, publicUrl: string): void {
  const config = new DocumentBuilder()
    .setTitle('Neodesk REST API')
    .setDescription(
      'Conversations and messages of a workspace, for helpdesks and CRMs. Authenticate with ' +
        '`Authorization: Bearer <API key>` (keys start with `ndk_`) or with an agent access token from ' +
        '`POST /api/v1/auth/login`. Errors are `application/problem+json` (RFC 9457).',
    )
    .setVersion('1')
    // 3.1: schemas are JSON Schema, so the zod schemas' examples and nullable fields carry over as they are.
    .setOpenAPIVersion('3.1.0')
    .addServer(publicUrl)
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'API key or access token',
      description: 'An API key (`ndk_...`) or an agent access token from `POST /api/v1/auth/login`',
    })
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: '`GET /metrics` only, and only when the service has `METRICS_TOKEN` set: that token',
      },
      METRICS_SECURITY_SCHEME,
    )
    .build();
  const document = cleanupOpenApiDoc(SwaggerModule.createDocument(app, config));
  SwaggerModule.setup(OPENAPI_UI_PATH, app, document, { jsonDocumentUrl: OPENAPI_JSON_PATH, raw: ['json'] });
}
