import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  API_KEY_PREFIX,
  type ApiKeyDto,
  type ApiKeyListDto,
  type ApiKeyScope,
  type CreateApiKeyRequest,
  type CreatedApiKeyDto,
} from '@neodesk/contracts';
import { type ApiKeyEntity, Repositories } from '@neodesk/persistence';
import { AuthError, AuthErrorCode } from '../auth/auth.error';
import { ApiKeyError, ApiKeyErrorCode } from './api-key.error';

/** What a valid key grants. */
export interface ApiKeyIdentity {
  apiKeyId: string;
  workspaceId: string;
  scopes: ApiKeyScope[];
}

/** Characters of the key kept for display: the `ndk_` prefix and 8 random ones (48 bits, useless alone). */
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;
/** last_used_at is a hint for admins, not an audit log: at most one write per key and minute. */
export const LAST_USED_RESOLUTION_MS = 60_000;
const KEY_SHAPE = new RegExp(`^${API_KEY_PREFIX}[A-Za-z0-9_-]{43}$`);

/** API keys of a workspace: made, listed, revoked by admins, and checked on every API call. */
@Injectable()
export class ApiKeysService {
  // When this process last stamped each key, so most calls skip the database write entirely.
  private readonly lastStamped = new Map<string, number>();

  constructor(@Inject(Repositories) private readonly repositories: Repositories) {}

  /** Makes a key and returns it in full: the only time it is seen, since only its SHA-256 is stored. */
  async create(
    workspaceId: string,
    createdByUserId: string | null,
    input: CreateApiKeyRequest,
  ): Promise<CreatedApiKeyDto> {
    const expiresAt = input.expiresAt === undefined ? null : new Date(input.expiresAt);
    if (expiresAt !== null && expiresAt.getTime() <= Date.now()) {
      throw new ApiKeyError(ApiKeyErrorCode.InvalidExpiry, 'expiresAt must be in the future');
    }
    // 256 random bits: a fast digest is enough to store it (nothing to brute-force).
    const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const entity = await this.repositories.apiKeys.create({
      workspaceId,
      name: input.name,
      prefix: key.slice(0, DISPLAY_PREFIX_LENGTH),
      keyHash: digest(key),
      scopes: input.scopes,
      createdByUserId,
      expiresAt,
    });
    return { ...toDto(entity), key };
  }

  async list(workspaceId: string): Promise<ApiKeyListDto> {
    const keys = await this.repositories.apiKeys.listByWorkspace(workspaceId);
    return { data: keys.map(toDto) };
  }

  /** Revokes at once: the next call with the key answers 401. Revoking twice is harmless. */
  async revoke(workspaceId: string, id: string): Promise<ApiKeyDto> {
    const revoked = await this.repositories.apiKeys.revoke(workspaceId, id);
    if (revoked === null) {
      throw new ApiKeyError(ApiKeyErrorCode.NotFound, `API key ${id} does not exist in this workspace`);
    }
    return toDto(revoked);
  }

  /** The identity of a valid key; an unknown, revoked or expired one fails alike, with AUTH_INVALID_API_KEY. */
  async authenticate(key: string, now = new Date()): Promise<ApiKeyIdentity> {
    const found = KEY_SHAPE.test(key) ? await this.repositories.apiKeys.findByHash(digest(key)) : null;
    if (found === null || found.revokedAt !== null || (found.expiresAt !== null && found.expiresAt <= now)) {
      throw new AuthError(AuthErrorCode.InvalidApiKey, 'The API key is unknown, revoked or expired');
    }
    await this.stampLastUsed(found.id, now);
    return { apiKeyId: found.id, workspaceId: found.workspaceId, scopes: found.scopes };
  }

  private async stampLastUsed(id: string, now: Date): Promise<void> {
    const last = this.lastStamped.get(id);
    if (last !== undefined && now.getTime() - last < LAST_USED_RESOLUTION_MS) {
      return;
    }
    this.lastStamped.set(id, now.getTime());
    // The condition in SQL keeps other replicas from stamping the same minute again.
    await this.repositories.apiKeys.touchLastUsed(id, new Date(now.getTime() - LAST_USED_RESOLUTION_MS));
  }
}

function digest(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

function toDto(key: ApiKeyEntity): ApiKeyDto {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    createdByUserId: key.createdByUserId,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    expiresAt: key.expiresAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    createdAt: key.createdAt.toISOString(),
  };
}
