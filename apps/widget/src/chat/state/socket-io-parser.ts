import { Emitter } from '@socket.io/component-emitter';

/**
 * socket.io-client's parser, text packets only (build.mjs aliases `socket.io-parser` to this module). The
 * widget and the `/visitor` namespace exchange JSON only, never binary attachments, so the parts of the
 * default parser that split out and reassemble ArrayBuffers and Blobs are left out. The wire format is the
 * same (socket.io protocol 5): `<type>[<namespace>,][<ack id>][<JSON>]`. A binary packet, which the service
 * never sends, is a parse error: socket.io-client then closes the connection and reconnects.
 */
export const protocol = 5;

// A TypeScript enum: esbuild inlines its values where socket.io-client reads them.
export enum PacketType {
  CONNECT,
  DISCONNECT,
  EVENT,
  ACK,
  CONNECT_ERROR,
  BINARY_EVENT,
  BINARY_ACK,
}

interface Packet {
  type: number;
  nsp: string;
  id?: number;
  data?: unknown;
}

// Event names a server may not use (socket.io-parser refuses them too).
const RESERVED = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'];
const isObject = (value: unknown): boolean => Object.prototype.toString.call(value) === '[object Object]';
/** What each packet type may carry, indexed by type; binary types have no entry. */
const VALID_DATA: Array<(data: unknown) => boolean> = [
  isObject,
  (data) => data === undefined,
  (data) =>
    Array.isArray(data) &&
    (typeof data[0] === 'number' || (typeof data[0] === 'string' && !RESERVED.includes(data[0]))),
  Array.isArray,
  (data) => typeof data === 'string' || isObject(data),
];
// type, then an optional namespace up to a comma, then an optional ack id, then the JSON payload.
const PACKET = /^(\d)(?:(\/[^,]*),?)?(\d*)([\s\S]*)$/;

export class Encoder {
  encode(packet: Packet): string[] {
    return [
      `${packet.type}${packet.nsp && packet.nsp !== '/' ? `${packet.nsp},` : ''}${packet.id ?? ''}${
        packet.data === undefined || packet.data === null ? '' : JSON.stringify(packet.data)
      }`,
    ];
  }
}

export class Decoder extends Emitter<
  Record<string, never>,
  Record<string, never>,
  { decoded: (packet: Packet) => void }
> {
  add(chunk: unknown): void {
    const match = typeof chunk === 'string' ? PACKET.exec(chunk) : null;
    const type = Number(match?.[1]);
    const valid = VALID_DATA[type];
    if (match === null || valid === undefined) {
      throw new Error(`unsupported packet ${String(chunk).slice(0, 20)}`);
    }
    const packet: Packet = { type, nsp: match[2] ?? '/' };
    if (match[3] !== '') {
      packet.id = Number(match[3]);
    }
    if (match[4] !== '') {
      let data: unknown;
      try {
        data = JSON.parse(match[4]);
      } catch {
        data = false;
      }
      if (!valid(data)) {
        throw new Error('invalid payload');
      }
      packet.data = data;
    }
    this.emitReserved('decoded', packet);
  }

  destroy(): void {}
}
