import { Injectable, type NestMiddleware } from '@nestjs/common';
import { MAX_KNOWLEDGE_IMPORT_BYTES } from '@neodesk/contracts';
import type { NextFunction, Request, Response } from 'express';
import { HttpRequestError, HttpRequestErrorCode } from '../common/http-request.error';
import type { KnowledgeImportFile } from './knowledge-import.parser';
import { KnowledgeError, KnowledgeErrorCode } from './knowledge.error';

/** The import route's body, read by this middleware instead of the API's 64 KiB JSON parser. */
export interface RequestWithImportFile {
  knowledgeImport?: Omit<KnowledgeImportFile, 'mode'>;
}

const FORMATS: Array<{ format: KnowledgeImportFile['format']; types: string[] }> = [
  { format: 'json', types: ['application/json', 'application/*+json'] },
  { format: 'csv', types: ['text/csv'] },
  { format: 'markdown', types: ['text/markdown', 'text/x-markdown'] },
];

/**
 * Reads the body of `POST /api/v1/knowledge/import` as UTF-8 text of up to MAX_KNOWLEDGE_IMPORT_BYTES (413
 * beyond), JSON, CSV or Markdown by its Content-Type (415 otherwise); the service parses it.
 */
@Injectable()
export class KnowledgeImportBodyMiddleware implements NestMiddleware {
  async use(req: Request & RequestWithImportFile, _res: Response, next: NextFunction): Promise<void> {
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
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_KNOWLEDGE_IMPORT_BYTES) {
      req.resume();
      throw tooLarge();
    }
    const text = await readText(req);
    req.knowledgeImport = { format, text };
    next();
  }
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
