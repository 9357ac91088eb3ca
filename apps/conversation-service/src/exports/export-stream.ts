import { Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';

/**
 * A streamed download from text chunks. The first chunk is awaited here, so a failure before any byte
 * (a database outage) still answers problem+json; a later one aborts the connection (Nest destroys the
 * response), so a cut-short export never looks complete. A client that goes away stops the walk.
 */
export async function streamedExport(
  chunks: AsyncIterable<string>,
  options: { type: string; filename: string },
): Promise<StreamableFile> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  async function* rest(): AsyncGenerator<string> {
    try {
      if (first.done !== true) {
        yield first.value;
        for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
          yield next.value;
        }
      }
    } finally {
      await iterator.return?.();
    }
  }
  return new StreamableFile(Readable.from(rest(), { objectMode: false }), {
    type: options.type,
    disposition: `attachment; filename="${options.filename}"`,
  });
}
