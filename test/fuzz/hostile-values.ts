import fc from 'fast-check';

/**
 * fast-check arbitraries for hostile input: values of the wrong type, huge and deeply nested JSON,
 * control characters, prototype-pollution keys, SQL/HTML metacharacters, boundary numbers, and raw body
 * encodings (duplicate keys, invalid UTF-8, non-JSON numbers) that a JavaScript value cannot express.
 */

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  [key: string]: unknown;
};

/** A number in [0, 1) without fast-check's bias towards the edges (used to pick positions and odds). */
export const uniform: fc.Arbitrary<number> = fc
  .noBias(fc.integer({ min: 0, max: 9_999 }))
  .map((value) => value / 10_000);

export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', '__defineGetter__', 'hasOwnProperty', 'toString'];

const META_STRINGS = [
  "' OR '1'='1",
  "'; DROP TABLE messages; --",
  '" OR ""="',
  '1; SELECT pg_sleep(5)',
  "\\'; COPY (SELECT '') TO PROGRAM 'id'; --",
  '%',
  '%FF%FE',
  '%E0%A4%A',
  '%00',
  '_',
  '\\',
  '$1',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg/onload=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}',
  '${7*7}',
  '%s%s%s%n',
  '../../../../etc/passwd',
  '\u0000',
  '\u0000abc',
  '\r\nSet-Cookie: x=1',
  '\u202e\u200b\ufeff',
  '\ud800',
  'a\udfffb',
  '\uffff\ufffe',
  '💥'.repeat(50),
  ' ',
  '',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e309',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor.prototype',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'FFFFFFFF-FFFF-4FFF-8FFF-FFFFFFFFFFFF',
  '2026-13-45T25:61:61Z',
  '0000-01-01T00:00:00Z',
  '275760-09-13T00:00:00.001Z',
  'Europe/Nowhere',
  'a@b',
  'x'.repeat(256) + '@example.com',
];

export const BOUNDARY_NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  -0.5,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31),
  -(2 ** 31) - 1,
  2 ** 32,
  2 ** 53 - 1,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  2 ** 63,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.EPSILON,
  1e21,
  1e-7,
  123456.789,
];

/** Number literals JSON.stringify cannot write (infinite after parsing, or more digits than a double holds). */
const RAW_NUMBERS = [
  '1e999',
  '-1e999',
  '123456789012345678901234567890',
  '0.0000000000000000000000000001',
  '-0.0',
  '1E+2',
];

const controlString = fc
  .array(fc.integer({ min: 0, max: 0x1f }), { minLength: 1, maxLength: 20 })
  .map((codes) => String.fromCharCode(...codes));

const unicodeSoup = fc.string({ unit: 'binary', maxLength: 40 });

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...META_STRINGS), weight: 6 },
  { arbitrary: controlString, weight: 2 },
  { arbitrary: unicodeSoup, weight: 2 },
  { arbitrary: fc.constantFrom(...PROTO_KEYS), weight: 1 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom(...META_STRINGS), fc.integer({ min: 100, max: 70_000 }))
      .map(([unit, length]) => unit.repeat(Math.ceil(length / Math.max(unit.length, 1))).slice(0, length)),
    weight: 1,
  },
);

/** Arrays or objects nested `depth` levels, small enough to pass most body limits. */
const deepValue = fc.tuple(fc.integer({ min: 50, max: 2_000 }), fc.boolean()).map(([depth, asArray]) => {
  let value: unknown = asArray ? [] : {};
  for (let i = 0; i < depth; i++) {
    value = asArray ? [value] : { a: value };
  }
  return value;
});

const hugeValue = fc.oneof(
  fc.integer({ min: 60_000, max: 400_000 }).map((length) => 'A'.repeat(length)),
  fc.integer({ min: 1_000, max: 20_000 }).map((length) => Array.from({ length }, (_, i) => i)),
  fc
    .integer({ min: 500, max: 5_000 })
    .map((length) => Object.fromEntries(Array.from({ length }, (_, i) => [`k${i}`, i]))),
);

/** Objects whose own keys include __proto__ and constructor.prototype (as JSON.parse makes them). */
const pollutingObject = fc
  .constantFrom(
    '{"__proto__":{"polluted":true,"isAdmin":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '{"__proto__":{"toString":"x"},"constructor":{"prototype":{"valueOf":1}}}',
    '{"hasOwnProperty":1,"toJSON":"x","then":"y"}',
  )
  .map((text) => JSON.parse(text) as unknown);

const leafOfWrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(...BOUNDARY_NUMBERS),
  fc.double(),
  fc.integer(),
  hostileString,
  fc.constant([]),
  fc.constant({}),
);

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: leafOfWrongType, weight: 10 },
  { arbitrary: pollutingObject, weight: 3 },
  { arbitrary: fc.array(leafOfWrongType, { maxLength: 5 }), weight: 2 },
  { arbitrary: fc.dictionary(hostileString, leafOfWrongType, { maxKeys: 4 }), weight: 2 },
  { arbitrary: deepValue, weight: 1 },
  { arbitrary: hugeValue, weight: 1 },
);

/** A resolver for `$ref`s into the OpenAPI document's components. */
export type RefResolver = (ref: string) => JsonSchema;

/**
 * Values shaped by a JSON Schema, with hostile values swapped in anywhere (`mutation` of the time):
 * near-valid input reaches deeper than garbage does, which validation refuses at the first field.
 */
export function fromSchema(
  schema: JsonSchema | undefined,
  resolve: RefResolver,
  mutation = 0.3,
  depth = 0,
): fc.Arbitrary<unknown> {
  const shaped = shapedBySchema(schema, resolve, mutation, depth);
  const mutationWeight = Math.round(mutation * 100);
  return fc.oneof(
    { arbitrary: shaped, weight: 100 - mutationWeight },
    { arbitrary: hostileValue, weight: mutationWeight },
  );
}

function shapedBySchema(
  schema: JsonSchema | undefined,
  resolve: RefResolver,
  mutation: number,
  depth: number,
): fc.Arbitrary<unknown> {
  if (schema === undefined || depth > 6) {
    return hostileValue;
  }
  if (schema.$ref !== undefined) {
    return shapedBySchema(resolve(schema.$ref), resolve, mutation, depth + 1);
  }
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives !== undefined && alternatives.length > 0) {
    return fc.oneof(...alternatives.map((alternative) => shapedBySchema(alternative, resolve, mutation, depth + 1)));
  }
  if (schema.allOf !== undefined && schema.allOf.length > 0) {
    return shapedBySchema(Object.assign({}, ...schema.allOf) as JsonSchema, resolve, mutation, depth + 1);
  }
  if (schema.const !== undefined) {
    return fc.constant(schema.const);
  }
  if (schema.enum !== undefined && schema.enum.length > 0) {
    return fc.oneof({ arbitrary: fc.constantFrom(...schema.enum), weight: 4 }, { arbitrary: hostileString, weight: 1 });
  }
  const type: string = (Array.isArray(schema.type) ? schema.type[0] : schema.type) ?? 'object';
  switch (type) {
    case 'string':
      return stringFor(schema);
    case 'integer':
    case 'number':
      return numberFor(schema, type === 'integer');
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(fromSchema(schema.items, resolve, mutation / 2, depth + 1), { maxLength: 4 });
    case 'object':
    default:
      return objectFor(schema, resolve, mutation, depth);
  }
}

function stringFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  const maxLength = schema.maxLength;
  const valid: fc.Arbitrary<string> =
    schema.format === 'uuid'
      ? fc.uuid({ version: 4 })
      : schema.format === 'email'
        ? fc.emailAddress()
        : schema.format === 'date-time'
          ? fc
              .date({
                min: new Date('1970-01-01T00:00:00Z'),
                max: new Date('2100-01-01T00:00:00Z'),
                noInvalidDate: true,
              })
              .map((date) => date.toISOString())
          : schema.format === 'uri'
            ? fc.webUrl()
            : fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(maxLength ?? 40, 40) });
  const boundaries: fc.Arbitrary<string>[] = [fc.constantFrom('', ' ', '\t\n')];
  if (maxLength !== undefined) {
    boundaries.push(fc.constantFrom('x'.repeat(maxLength), 'x'.repeat(maxLength + 1), 'é'.repeat(maxLength + 1)));
  }
  return fc.oneof(
    { arbitrary: valid, weight: schema.format === undefined ? 4 : 12 },
    { arbitrary: fc.oneof(...boundaries), weight: 1 },
  );
}

function numberFor(schema: JsonSchema, integer: boolean): fc.Arbitrary<unknown> {
  const edges = [schema.minimum, schema.maximum]
    .filter((value): value is number => typeof value === 'number')
    .flatMap((value) => [value - 1, value, value + 1]);
  return fc.oneof(
    integer ? fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 }) : fc.double({ noNaN: true }),
    fc.constantFrom(...edges, ...BOUNDARY_NUMBERS),
  );
}

function objectFor(schema: JsonSchema, resolve: RefResolver, mutation: number, depth: number): fc.Arbitrary<unknown> {
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const fields = properties.map(([name, property]) =>
    fc
      // Fields mutate less often than the whole: one bad field is enough to test a validator.
      .tuple(uniform, fromSchema(property, resolve, mutation / 3, depth + 1))
      .map(([draw, value]) => ({
        name,
        value,
        // Required fields present most of the time, optional ones half of it.
        keep: draw < (required.has(name) ? 0.95 : 0.5),
      })),
  );
  return fc
    .tuple(
      fc.tuple(...(fields.length > 0 ? fields : [fc.constant({ name: '', value: undefined, keep: false })])),
      // An unknown (often __proto__-like) extra field in one object of eight.
      fc.oneof(
        { arbitrary: fc.constant(null), weight: 7 },
        { arbitrary: fc.tuple(fc.oneof(hostileString, fc.constantFrom(...PROTO_KEYS)), hostileValue), weight: 1 },
      ),
    )
    .map(([entries, extra]) => {
      const object: Record<string, unknown> = {};
      for (const entry of entries) {
        if (entry.keep) {
          Object.defineProperty(object, entry.name, { value: entry.value, enumerable: true, writable: true });
        }
      }
      if (extra !== null) {
        Object.defineProperty(object, extra[0], { value: extra[1], enumerable: true, writable: true });
      }
      return object;
    });
}

/** How a generated value goes on the wire. */
export type BodyEncoding =
  | 'json'
  | 'duplicate-keys'
  | 'proto-keys'
  | 'invalid-utf8'
  | 'raw-number'
  | 'truncated'
  | 'deep-raw'
  | 'empty'
  | 'not-json';

export const bodyEncoding: fc.Arbitrary<BodyEncoding> = fc.oneof(
  { arbitrary: fc.constant<BodyEncoding>('json'), weight: 10 },
  { arbitrary: fc.constant<BodyEncoding>('duplicate-keys'), weight: 2 },
  { arbitrary: fc.constant<BodyEncoding>('proto-keys'), weight: 2 },
  { arbitrary: fc.constant<BodyEncoding>('invalid-utf8'), weight: 2 },
  { arbitrary: fc.constant<BodyEncoding>('raw-number'), weight: 1 },
  { arbitrary: fc.constant<BodyEncoding>('truncated'), weight: 1 },
  { arbitrary: fc.constant<BodyEncoding>('deep-raw'), weight: 1 },
  { arbitrary: fc.constant<BodyEncoding>('empty'), weight: 1 },
  { arbitrary: fc.constant<BodyEncoding>('not-json'), weight: 1 },
);

const INVALID_UTF8 = [
  [0xff],
  [0xfe, 0xff],
  [0xc3, 0x28],
  [0xc0, 0x80],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe2, 0x82],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
];

/** The body's bytes for `value` in `encoding`; `pick` (0..1) chooses where bytes go and which. */
export function encodeBody(value: unknown, encoding: BodyEncoding, pick: number): Buffer {
  const json = safeStringify(value);
  switch (encoding) {
    case 'json':
      return Buffer.from(json);
    case 'duplicate-keys':
      // The same key twice: most parsers keep the last, some validators look at the first.
      return Buffer.from(
        json.startsWith('{') && json.length > 2
          ? `{${firstKeyOf(json)}:"first",${json.slice(1)}`
          : `{"a":1,"a":${json}}`,
      );
    case 'proto-keys':
      return Buffer.from(
        json.startsWith('{') && json.length > 2
          ? `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},${json.slice(1)}`
          : `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"value":${json}}`,
      );
    case 'invalid-utf8': {
      const bytes = Buffer.from(json.includes('"') ? json : `{"text":"${json.replace(/["\\]/g, '')}"}`);
      const quote = bytes.indexOf(0x22, Math.floor(pick * bytes.length));
      const at = quote === -1 ? bytes.indexOf(0x22) : quote;
      const bad = Buffer.from(INVALID_UTF8[Math.floor(pick * INVALID_UTF8.length) % INVALID_UTF8.length]);
      return at === -1
        ? Buffer.concat([bytes, bad])
        : Buffer.concat([bytes.subarray(0, at + 1), bad, bytes.subarray(at + 1)]);
    }
    case 'raw-number': {
      const raw = RAW_NUMBERS[Math.floor(pick * RAW_NUMBERS.length) % RAW_NUMBERS.length];
      return Buffer.from(
        json.startsWith('{') && json.length > 2 ? json.replace(/:(\d+|true|false|null|"[^"]*")/, `:${raw}`) : raw,
      );
    }
    case 'truncated':
      return Buffer.from(json.slice(0, Math.max(1, Math.floor(pick * json.length))));
    case 'deep-raw': {
      const depth = 1_000 + Math.floor(pick * 40_000);
      return Buffer.from(
        pick < 0.5 ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
      );
    }
    case 'empty':
      return Buffer.alloc(0);
    case 'not-json':
      return Buffer.from(
        ['NaN', 'undefined', "{'a':1}", '{"a":1}{"b":2}', '\ufeff{}', 'a=1&b=2', '<x/>'][Math.floor(pick * 7) % 7],
      );
    default:
      return Buffer.from(json);
  }
}

function firstKeyOf(json: string): string {
  const match = /^\{("(?:[^"\\]|\\.)*")/.exec(json);
  return match?.[1] ?? '"a"';
}

/** JSON.stringify that copes with what it cannot write (undefined at the top, nesting past the stack). */
export function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    // Nesting deeper than this process's stack: the raw 'deep-raw' encoding covers such depths.
    return '"too deep to write"';
  }
}
