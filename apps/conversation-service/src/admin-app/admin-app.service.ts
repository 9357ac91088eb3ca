import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AdminAppError, AdminAppErrorCode } from './admin-app.error';

/** A file of the built dashboard, held in memory. */
export interface AdminFile {
  body: Buffer;
  contentType: string;
  etag: string;
  /** Under `assets/`: the build names these by content hash, so they never change under their name. */
  hashed: boolean;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** Files bigger than this are not served (the build has none; a stray one must not fill the memory). */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

/**
 * The built agent dashboard (`npm run build` writes it to ADMIN_DIR), read once: every file under the
 * folder by its relative path, so no request path can reach anything else. Without a build the service
 * still starts; `/admin` answers 503 until one appears.
 */
@Injectable()
export class AdminAppService implements OnModuleInit {
  private readonly logger = new Logger(AdminAppService.name);
  private files: ReadonlyMap<string, AdminFile> | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onModuleInit(): void {
    const error = this.load();
    if (error !== null) {
      this.logger.warn(`The agent dashboard is not served: ${error} (run npm run build)`);
    }
  }

  /**
   * What `/admin/<rest>` answers: the named file, or for a route of the app (no file, no extension)
   * `index.html`, which the app's router resolves in the browser.
   */
  resolve(encoded: string): { file: AdminFile; isIndex: boolean } {
    const files = this.ready();
    let rest: string;
    try {
      rest = decodeURIComponent(encoded);
    } catch {
      throw new AdminAppError(AdminAppErrorCode.NotFound, 'The dashboard has no such file');
    }
    const file = rest === '' ? undefined : files.get(rest);
    if (file !== undefined) {
      return { file, isIndex: rest === 'index.html' };
    }
    // A file name (an extension, a dot file, under assets/) that is not in the build: a 404, not the page.
    if (
      path.posix.extname(rest) !== '' ||
      rest.startsWith('assets/') ||
      rest.split('/').some((part) => part.startsWith('.'))
    ) {
      throw new AdminAppError(AdminAppErrorCode.NotFound, `The dashboard has no file ${JSON.stringify(rest)}`);
    }
    return { file: files.get('index.html') as AdminFile, isIndex: true };
  }

  private ready(): ReadonlyMap<string, AdminFile> {
    // A build made after start-up is picked up by the next request.
    if (this.files === null && this.load() !== null) {
      throw new AdminAppError(AdminAppErrorCode.NotBuilt, 'The agent dashboard is not built: run npm run build');
    }
    return this.files as ReadonlyMap<string, AdminFile>;
  }

  /** Reads the build; answers why it could not, or null. */
  private load(): string | null {
    const dir = this.config.admin.dir;
    const files = new Map<string, AdminFile>();
    try {
      for (const relative of listFiles(dir, '')) {
        const body = readFileSync(path.join(dir, relative));
        if (body.length <= MAX_FILE_BYTES) {
          files.set(relative, {
            body,
            contentType: CONTENT_TYPES[path.extname(relative)] ?? 'application/octet-stream',
            etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`,
            hashed: relative.startsWith('assets/'),
          });
        }
      }
    } catch (error) {
      return `${dir} cannot be read (${(error as Error).message})`;
    }
    if (!files.has('index.html')) {
      return `no index.html in ${dir}`;
    }
    this.files = files;
    return null;
  }
}

/** Relative POSIX paths of the regular files under `dir`, skipping dot files and links. */
function listFiles(root: string, prefix: string): string[] {
  return readdirSync(path.join(root, prefix), { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.')) {
      return [];
    }
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) {
      return listFiles(root, relative);
    }
    return entry.isFile() ? [relative] : [];
  });
}
