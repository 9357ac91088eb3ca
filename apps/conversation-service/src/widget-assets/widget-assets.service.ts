import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { WidgetAssetError, WidgetAssetErrorCode } from './widget-assets.error';

/** A file of the built widget, held in memory. */
export interface WidgetAsset {
  body: Buffer;
  contentType: string;
  /** Strong validator: a hash of the bytes. */
  etag: string;
}

/** What the widget's build writes next to its files. */
interface WidgetManifest {
  loader: string;
  chat: string;
  [name: string]: unknown;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * The built widget (`npm run build` writes it to WIDGET_DIR), read once: the loader and every file the
 * manifest names, and nothing else, so no request path can reach another file. When the folder is not
 * there the service still starts; the routes answer 503 until a build appears.
 */
@Injectable()
export class WidgetAssetsService implements OnModuleInit {
  private readonly logger = new Logger(WidgetAssetsService.name);
  private loaded: { loader: WidgetAsset; files: ReadonlyMap<string, WidgetAsset> } | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onModuleInit(): void {
    const error = this.load();
    if (error !== null) {
      this.logger.warn(`The web chat widget is not served: ${error} (run npm run build)`);
    }
  }

  /** `/widget.js`, the script tag's target. */
  loader(): WidgetAsset {
    return this.ready().loader;
  }

  /** A content-hashed file of the manifest, by its name. */
  file(name: string): WidgetAsset {
    const asset = this.ready().files.get(name);
    if (asset === undefined) {
      throw new WidgetAssetError(WidgetAssetErrorCode.NotFound, `The widget has no file ${JSON.stringify(name)}`);
    }
    return asset;
  }

  private ready(): NonNullable<WidgetAssetsService['loaded']> {
    // A build made after start-up is picked up by the next request.
    if (this.loaded === null && this.load() !== null) {
      throw new WidgetAssetError(WidgetAssetErrorCode.NotBuilt, 'The widget is not built: run npm run build');
    }
    return this.loaded as NonNullable<WidgetAssetsService['loaded']>;
  }

  /** Reads the build; answers why it could not, or null. */
  private load(): string | null {
    const dir = this.config.widget.dir;
    let manifest: WidgetManifest;
    try {
      manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as WidgetManifest;
    } catch (error) {
      return `no readable manifest.json in ${dir} (${(error as Error).message})`;
    }
    const names = Object.values(manifest).filter((name): name is string => typeof name === 'string');
    if (typeof manifest.loader !== 'string' || typeof manifest.chat !== 'string') {
      return `${dir}/manifest.json names no loader or chat bundle`;
    }
    const files = new Map<string, WidgetAsset>();
    try {
      for (const name of names) {
        // Plain file names only: the manifest is ours, but a path in it must not reach outside the folder.
        if (name !== path.basename(name) || name.startsWith('.')) {
          return `${dir}/manifest.json names ${JSON.stringify(name)}, which is not a plain file name`;
        }
        files.set(name, readAsset(path.join(dir, name)));
      }
    } catch (error) {
      return `a file the manifest names cannot be read (${(error as Error).message})`;
    }
    const loader = files.get(manifest.loader) as WidgetAsset;
    files.delete(manifest.loader);
    this.loaded = { loader, files };
    return null;
  }
}

function readAsset(file: string): WidgetAsset {
  const body = readFileSync(file);
  return {
    body,
    contentType: CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`,
  };
}
