import { Injectable, type NestMiddleware } from '@nestjs/common';
import { MAX_KNOWLEDGE_IMPORT_BYTES } from '@neodesk/contracts';
import type { NextFunction, Request, Response } from 'express';
import { HttpRequestError, HttpRequestErrorCode } from '../common/http-request.error';
import type { KnowledgeImportFile } from './knowledge-import.parser';
import { KnowledgeError, KnowledgeErrorCode } from './knowledge.error';

/** The import route's format, told by this middleware instead of the API's 64 KiB JSON parser. */
export interface RequestWithImportFile {
  knowledgeImportFormat?: KnowledgeImportFile['format'];
}

const FORMATS: Array<{ format: KnowledgeImportFile['format']; types: string[] }> = [
  { format: 'json', types: ['application/json', 'application/*+json'] },
  { format: 'csv', types: ['text/csv'] },
  { format: 'markdown', types: ['text/markdown', 'text/x-markdown'] },
];

/**
 * Checks the headers of `POST /api/v1/knowledge/import`: JSON, CSV or Markdown by its Content-Type (415
 * otherwise), in UTF-8, a declared length within MAX_KNOWLEDGE_IMPORT_BYTES (413). The body itself is read
 * by `readImportFile` once the caller is authenticated, so no one without a key makes the service hold 5 MiB.
 */
@Injectable()
export class KnowledgeImportBodyMiddleware implements NestMiddleware {
  use(req: Request & RequestWithImportFile, _res: Response, next: NextFunction): void {
    const format = FORMATS.find((candidate) => req.is(candidate.types) !== false)?.format;
    if (format === undefined) {
      throw new KnowledgeError(
        KnowledgeErrorCode.ImportUnsupportedType,
        `Send the file as application/json, text/csv or text/markdown (got ${req.headers['content-type'] ?? 'no Content-Type'})`,
      );
    }
    const charset = /charset=([^;]+)/i
      .exec(req.headers['content-type'] ?? '')?.[1]
      ?.trim()
      .toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      throw new KnowledgeError(KnowledgeErrorCode.ImportUnsupportedType, 'Send the file as UTF-8');
    }
    if (Number(req.headers['content-length'] ?? 0) > MAX_KNOWLEDGE_IMPORT_BYTES) {
      throw tooLarge();
    }
    req.knowledgeImportFormat = format;
    next();
  }
}

/** The import's body as text (at most MAX_KNOWLEDGE_IMPORT_BYTES, 413 beyond) with the format the middleware told. */
export async function readImportFile(req: Request & RequestWithImportFile): Promise<Omit<KnowledgeImportFile, 'mode'>> {
  const format = req.knowledgeImportFormat;
  if (format === undefined) {
    throw new Error('The knowledge import route ran without its body middleware');
  }
  return { format, text: await readText(req) };
}

function tooLarge(): KnowledgeError {
  return new KnowledgeError(
    KnowledgeErrorCode.ImportTooLarge,
    `An import file is at most ${MAX_KNOWLEDGE_IMPORT_BYTES / (1024 * 1024)} MiB`,
  );
}

function readText(req: Request): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (part: Buffer) => {
      if (failed) {
        return;
      }
      size += part.length;
      if (size > MAX_KNOWLEDGE_IMPORT_BYTES) {
        failed = true;
        parts.length = 0;
        reject(tooLarge());
        return;
      }
      parts.push(part);
    });
    req.on('end', () => {
      if (!failed) {
        resolve(new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(parts)));
      }
    });
    req.on('error', () => {
      if (!failed) {
        failed = true;
        reject(new HttpRequestError(HttpRequestErrorCode.MalformedJson, 'The body was cut short'));
      }
    });
  });
}
