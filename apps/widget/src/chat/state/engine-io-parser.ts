/**
 * engine.io-client's packet codec, text frames only (build.mjs aliases `engine.io-parser` to this module for
 * the chat bundle): the websocket carries socket.io's JSON packets as text, so the Blob, ArrayBuffer and
 * base64 paths of the default codec are left out. Same wire format (engine.io protocol 4): one digit for the
 * packet type, then its data. A binary frame, which the service never sends, decodes as a parser error.
 */
export const protocol = 4;

const TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'];

interface Packet {
  type: string;
  data?: string;
}

export function encodePacket({ type, data }: Packet, _supportsBinary: boolean, callback: (encoded: string) => void) {
  callback(`${TYPES.indexOf(type)}${data ?? ''}`);
}

export function decodePacket(encoded: unknown): Packet {
  if (typeof encoded !== 'string' || !/^[0-6]/.test(encoded)) {
    return { type: 'error', data: 'parser error' };
  }
  const type = TYPES[Number(encoded[0])];
  return encoded.length > 1 ? { type, data: encoded.slice(1) } : { type };
}
