import { z } from 'zod';
import { API_KEY_SCOPES } from '../workspaces/user-role';
import { MAX_API_KEY_NAME } from './api-key-limits';

// The prefix and limits live in a zod-free module, so the dashboard's forms check the same ones.
export * from './api-key-limits';

const scopes = z
  .array(z.enum(API_KEY_SCOPES))
  .min(1)
  .max(API_KEY_SCOPES.length)
  .refine((list) => new Set(list).size === list.length, { message: 'scopes must not repeat' });

/** `POST /api/v1/api-keys`. */
export const createApiKeyRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(MAX_API_KEY_NAME),
    /** `admin` grants everything, `write` includes `read`. */
    scopes,
    /** Optional end of validity (ISO 8601); the key answers 401 afterwards. */
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .meta({ examples: [{ name: 'Helpdesk integration', scopes: ['read', 'write'], expiresAt: '2027-12-31T23:59:59Z' }] });
export type CreateApiKeyRequest = z.infer<typeof createApiKeyRequestSchema>;

const apiKeyShape = {
  id: z.guid(),
  name: z.string(),
  /** The first characters of the key, to recognise it in a list; never enough to use it. */
  prefix: z.string(),
  scopes: z.array(z.enum(API_KEY_SCOPES)),
  createdByUserId: z.guid().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
};

const apiKeyExample = {
  id: '0b6f2d1e-8c4a-4f3b-9e27-5d1a7c9b3e60',
  name: 'Helpdesk integration',
  prefix: 'ndk_R2x9',
  scopes: ['read', 'write'],
  createdByUserId: '9a3c5e7f-1b2d-4e6f-8a0b-2c4d6e8f0a1b',
  lastUsedAt: null,
  expiresAt: null,
  revokedAt: null,
  createdAt: '2026-11-26T10:00:00.000Z',
};

/** An API key as listed: never the key itself. */
export const apiKeySchema = z.object(apiKeyShape).meta({ examples: [apiKeyExample] });
export type ApiKeyDto = z.infer<typeof apiKeySchema>;

/** The answer to creating a key: the only time the key is shown. */
export const createdApiKeySchema = z
  .object({ ...apiKeyShape, key: z.string() })
  .meta({ examples: [{ ...apiKeyExample, key: 'ndk_R2x9vQ7mK3pL8tW1yZ5cB0nH4jF6dS2aE9uX7iO3gM1' }] });
export type CreatedApiKeyDto = z.infer<typeof createdApiKeySchema>;

export const apiKeyListSchema = z
  .object({ data: z.array(apiKeySchema) })
  .meta({ examples: [{ data: [apiKeyExample] }] });
export type ApiKeyListDto = z.infer<typeof apiKeyListSchema>;

export const apiKeyIdParamsSchema = z.strictObject({ id: z.guid() });
export type ApiKeyIdParams = z.infer<typeof apiKeyIdParamsSchema>;
