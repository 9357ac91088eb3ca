// Builds the web chat widget into dist/widget/: the loader (widget.js, short cache), the content-hashed chat
// bundle (chat.<hash>.js, immutable) and the French and Arabic chat strings (strings-<locale>.<hash>.js,
// immutable, fetched only when shown), then manifest.json. Run by `npm run build`; prints each size and what
// a visitor who opens the chat in English downloads (loader + chat bundle) against the issue's budget.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, transform } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(root, 'dist/widget');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

/**
 * The design tokens (`--nd-*` custom properties) are private to the widget's shadow root, so the build
 * shortens their names (`--nd-color-text` -> `--n1c`), the same way in every file of both bundles: the CSS
 * files and the few rules the code writes (brand colour, visual viewport).
 */
const srcDir = join(root, 'apps/widget/src');
const sourceFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
const tokenNames = [
  ...new Set(sourceFiles(srcDir).flatMap((file) => readFileSync(file, 'utf8').match(/--nd-[\w-]+/g) ?? [])),
].sort();
const shortTokens = (text) => text.replace(/--nd-[\w-]+/g, (name) => `--n${tokenNames.indexOf(name).toString(36)}`);

/** `import css from './x.css'`: the file minified, as a string for a constructable stylesheet. */
const cssText = {
  name: 'css-text',
  setup(b) {
    b.onLoad({ filter: /\.css$/ }, async (args) => {
      const source = shortTokens(readFileSync(args.path, 'utf8'));
      const { code } = await transform(source, { loader: 'css', minify: true });
      // esbuild keeps custom properties' values as written (`--a: 0 2px rgba(0, 0, 0, .4)`, `#ffffff`): the
      // spaces after their colon and after commas (outside quoted font names) mean nothing, and #rrggbb with
      // doubled digits is #rgb.
      const tight = code
        .trim()
        .replace(
          /("[^"]*")|(--n\w+):\s+|,\s+|#([\da-f])\3([\da-f])\4([\da-f])\5(?![\da-f])/gi,
          (match, quoted, name, r, g, b) => quoted ?? (name ? `${name}:` : r ? `#${r}${g}${b}` : ','),
        );
      return { contents: `export default ${JSON.stringify(tight)};`, loader: 'js' };
    });
    b.onLoad({ filter: /[\\/]apps[\\/]widget[\\/]src[\\/].*\.tsx?$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      return source.includes('--nd-')
        ? { contents: shortTokens(source), loader: args.path.endsWith('x') ? 'tsx' : 'ts' }
        : undefined;
    });
  },
};

/**
 * The gateway accepts websocket only (README "Realtime gateway"), so engine.io's table of transports is
 * replaced by one that holds just its websocket transport, and socket.io-client's imports of engine.io-client
 * reach only what they use (the package's index re-exports every transport, and polling-xhr.js has top-level
 * code that kept it in the bundle): long-polling and WebTransport stay out.
 */
const websocketOnly = {
  name: 'engine-io-websocket-only',
  setup(b) {
    b.onResolve({ filter: /^\.\/transports\/index\.js$/ }, (args) =>
      /[\\/]engine\.io-client[\\/]/.test(args.importer)
        ? { path: join(dirname(args.importer), 'transports/index.js'), namespace: 'websocket-only' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'websocket-only' }, (args) => ({
      contents: 'import { WS } from "./websocket.js"; export const transports = { websocket: WS };',
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
    b.onResolve({ filter: /^engine\.io-client$/ }, (args) =>
      /[\\/]socket\.io-client[\\/]/.test(args.importer)
        ? { path: 'engine.io-client', namespace: 'engine-io-used' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'engine-io-used' }, () => ({
      contents: [
        'export { Socket } from "./socket.js";',
        'export { installTimerFunctions } from "./util.js";',
        'export { parse } from "./contrib/parseuri.js";',
        'export { nextTick } from "./globals.js";',
        // socket.io-client's index re-exports the transport classes for `transports: [...]` by class; the
        // widget passes names, so these stay unused (and are tree-shaken).
        'export { WS as WebSocket, WS as NodeWebSocket } from "./transports/websocket.js";',
        'export const Fetch = undefined, NodeXHR = undefined, XHR = undefined, WebTransport = undefined;',
      ].join('\n'),
      resolveDir: join(root, 'node_modules/engine.io-client/build/esm'),
      loader: 'js',
    }));
  },
};

/**
 * Code of socket.io-client and engine.io-client that the widget can never reach, cut from their source, each
 * cut with its reason: options the widget does not set, methods it does not call, and what only matters with
 * several transports (the upgrade probe: with websocket the only transport, `_filterUpgrades` leaves nothing
 * to upgrade to). A cut names the text it starts and ends at (null: the end of the file), and the build fails
 * if a dependency update moves either, rather than ship a half-cut file.
 */
const unreachable = {
  'socket.io-client/build/esm/socket.js': [
    // The retry queue, used only with the `retries` option.
    ['    _addToQueue(args) {', '    /**\n     * Send the first packet of the queue', '    _addToQueue() { }\n'],
    ['    _drainQueue(force = false) {', '    /**\n     * Sends a packet.', '    _drainQueue() { }\n'],
    // `send()` (an emit of "message") and `compress()`: the widget emits named events, compressed or not...
    ['    send(...args) {', '    /**\n     * Override `emit`.', ''],
    // ...and `volatile` (drop what cannot be sent now): the widget's messages wait for the connection.
    [
      '    compress(compress) {',
      '    /**\n     * Sets a modifier for a subsequent event emission that the event message will be dropped',
      '',
    ],
    [
      '    get volatile() {',
      '    /**\n     * Sets a modifier for a subsequent event emission that the callback will be called',
      '',
    ],
    // The catch-all listeners (`onAny`, `onAnyOutgoing`...).
    ['    onAny(listener) {', '    /**\n     * Notify the listeners for each packet sent', ''],
  ],
  // `listeners()` and `hasListeners()`, which neither library nor widget calls.
  '@socket.io/component-emitter/lib/esm/index.js': [['Emitter.prototype.listeners = function', null, '']],
  'socket.io-client/build/esm/index.js': [
    // `io.Manager`, `io.connect`...: the CommonJS-era namespace on the io function; the widget imports `io`.
    ['Object.assign(lookup, {', '/**', ''],
  ],
  'socket.io-client/build/esm/manager.js': [
    // socket.io-parser's namespace object, only needed for the `parser` option the widget does not use.
    ['import * as parser from "socket.io-parser";', '\n', 'import { Encoder, Decoder } from "socket.io-parser";'],
    ['        const _parser = opts.parser || parser;', '        this.decoder = new _parser.Decoder();', ''],
    [
      '        this.decoder = new _parser.Decoder();',
      '\n',
      '        this.encoder = new Encoder();\n        this.decoder = new Decoder();',
    ],
  ],
  'engine.io-client/build/esm/socket.js': [
    ['    _probe(name) {', '    /**\n     * Called when connection is deemed open.', '    _probe() { }\n'],
    // Transports given as classes (`transports: [WebSocket]`); the widget names them.
    [
      '        if (opts.transportImplementations && opts.transports) {',
      '        else {\n            this.transports = opts.transports',
      '        {\n',
    ],
    [
      '        else {\n            this.transports = opts.transports',
      '            this.transports = opts.transports',
      '',
    ],
    // `closeOnBeforeunload`, an option the widget leaves off.
    ['            if (this.opts.closeOnBeforeunload) {', '            if (this.hostname !== "localhost") {', ''],
    ['                if (this._beforeunloadEventListener) {', '                if (this._offlineEventListener) {', ''],
    // `rememberUpgrade` and `tryAllTransports` choose among transports; there is one.
    [
      '        const transportName = this.opts.rememberUpgrade &&',
      '        this.readyState = "opening";',
      '        const transportName = this.transports[0];\n',
    ],
    [
      '        Socket.priorWebsocketSuccess = "websocket" === this.transport.name;\n',
      '        this.emitReserved("open");',
      '',
    ],
    ['    _onError(err) {', '        this.emitReserved("error", err);', '    _onError(err) {\n'],
    // Closing waits for an upgrade in progress; there is none.
    [
      '        const cleanupAndClose = () => {',
      '        if ("opening" === this.readyState || "open" === this.readyState) {',
      '',
    ],
    [
      '            if (this.writeBuffer.length) {\n                this.once("drain", () => {\n                    if (this.upgrading) {',
      '        return this;\n    }\n    /**\n     * Called upon transport error',
      '            if (this.writeBuffer.length) {\n                this.once("drain", close);\n            }\n            else {\n                close();\n            }\n        }\n',
    ],
    // Splits what is written into payloads of maxPayload bytes, for long-polling only.
    [
      '    _getWritablePackets() {',
      '    /**\n     * Checks whether the heartbeat',
      '    _getWritablePackets() { return this.writeBuffer; }\n',
    ],
  ],
  // Node's ws options (agent, TLS keys...), for React Native and Node only; a browser's WebSocket takes none.
  'engine.io-client/build/esm/transports/websocket.js': [
    ['        const opts = isReactNative', '        if (this.opts.extraHeaders) {', '        const opts = {};\n'],
  ],
};
const cutUnreachable = {
  name: 'cut-unreachable',
  setup(b) {
    const files = Object.keys(unreachable).map((name) =>
      name.replace(/[.$/]/g, (c) => (c === '/' ? '[\\\\/]' : `\\${c}`)),
    );
    b.onLoad({ filter: new RegExp(`[\\\\/]node_modules[\\\\/](${files.join('|')})$`) }, (args) => {
      const key = Object.keys(unreachable).find((name) => args.path.replaceAll('\\', '/').endsWith(`/${name}`));
      let source = readFileSync(args.path, 'utf8');
      for (const [start, end, replacement] of unreachable[key]) {
        const from = source.indexOf(start);
        const to = end === null ? source.length : source.indexOf(end, from);
        if (from < 0 || to < 0) {
          throw new Error(`${key} changed: cannot find "${start}" ... "${end}"; update build.mjs`);
        }
        source = source.slice(0, from) + replacement + source.slice(to);
      }
      return { contents: source, loader: 'js' };
    });
  },
};

const common = {
  bundle: true,
  minify: true,
  write: false,
  metafile: true,
  format: 'iife',
  platform: 'browser',
  // Private class members (#x) stay native and are shortened by the minifier.
  target: ['es2022', 'chrome94', 'firefox93', 'safari15.4'],
  legalComments: 'none',
  charset: 'utf8',
  tsconfig: join(root, 'apps/widget/tsconfig.json'),
  // The zod-free entry of the contracts: types, the transcript assembler and plain constants.
  alias: {
    '@neodesk/contracts': join(root, 'libs/contracts/src/client.ts'),
    // socket.io-client with text-only codecs: the widget's traffic is JSON text frames, never binary.
    'socket.io-parser': join(root, 'apps/widget/src/chat/state/socket-io-parser.ts'),
    'engine.io-parser': join(root, 'apps/widget/src/chat/state/engine-io-parser.ts'),
  },
  jsx: 'automatic',
  jsxImportSource: 'preact',
  plugins: [cssText, websocketOnly, cutUnreachable],
  logLevel: 'warning',
};

function assertNoZod(result, name) {
  const zod = Object.keys(result.metafile.inputs).filter((input) => input.includes('node_modules/zod/'));
  if (zod.length > 0) {
    throw new Error(`${name} bundles zod (${zod[0]}): import from the contracts' client entry only`);
  }
}

const hashed = (prefix, code) => `${prefix}.${createHash('sha256').update(code).digest('hex').slice(0, 12)}.js`;

// The French and Arabic chat strings: one small file each, fetched by the chat only for a visitor who sees
// that locale (English is in the chat bundle), so an English visitor downloads neither.
const stringsFiles = {};
const stringsCode = {};
for (const locale of ['fr', 'ar']) {
  const result = await build({
    ...common,
    stdin: {
      contents: `import { ${locale.toUpperCase()}_STRINGS as s } from './chat-strings-${locale}';
        window.Neodesk?.__registerStrings?.('${locale}', s);`,
      resolveDir: join(root, 'apps/widget/src/i18n'),
      loader: 'ts',
      sourcefile: `strings-${locale}.ts`,
    },
    outfile: `strings-${locale}.js`,
  });
  stringsCode[locale] = result.outputFiles[0].contents;
  stringsFiles[locale] = hashed(`strings-${locale}`, stringsCode[locale]);
}

const chat = await build({
  ...common,
  // Internal members named with a leading underscore (socket.io's and engine.io's private fields, Preact's
  // internals) are shortened; the hooks the loader and the strings files call by name are kept.
  mangleProps: /^_/,
  mangleQuoted: true,
  reserveProps: /^(__registerChat|__registerStrings|__proto__|__html|__esModule)$/,
  entryPoints: [join(root, 'apps/widget/src/chat/chat-entry.tsx')],
  outfile: 'chat.js',
  define: { NEODESK_STRINGS_FILES: JSON.stringify(stringsFiles) },
});
assertNoZod(chat, 'the chat bundle');
const chatCode = chat.outputFiles[0].contents;
const chatFile = hashed('chat', chatCode);

const loader = await build({
  ...common,
  entryPoints: [join(root, 'apps/widget/src/loader/widget-loader.ts')],
  outfile: 'widget.js',
  define: { NEODESK_CHAT_FILE: JSON.stringify(chatFile), NEODESK_VERSION: JSON.stringify(version) },
});
assertNoZod(loader, 'the loader');
const loaderCode = loader.outputFiles[0].contents;

mkdirSync(outDir, { recursive: true });
const files = {
  [chatFile]: chatCode,
  'widget.js': loaderCode,
  ...Object.fromEntries(Object.entries(stringsFiles).map(([locale, file]) => [file, stringsCode[locale]])),
};
for (const stale of readdirSync(outDir).filter(
  (file) => /^(chat|strings-\w+)\.[0-9a-f]+\.js$/.test(file) && !files[file],
)) {
  rmSync(join(outDir, stale));
}
for (const [file, code] of Object.entries(files)) {
  writeFileSync(join(outDir, file), code);
}
// The service serves every file named here (a string value) under /widget/<file>, immutable.
const manifest = {
  loader: 'widget.js',
  chat: chatFile,
  ...Object.fromEntries(Object.entries(stringsFiles).map(([locale, file]) => [`strings.${locale}`, file])),
};
writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

const LOADER_BUDGET = 5 * 1024;
const TOTAL_BUDGET = 25 * 1024;
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const verdict = (bytes, budget) => `budget ${kb(budget)}: ${bytes <= budget ? 'met' : 'MISSED'}`;
const rows = [
  ['widget.js', loaderCode, 'the loader, on every page'],
  [chatFile, chatCode, 'the chat, on first open or when idle'],
  ...Object.entries(stringsFiles).map(([locale, file]) => [file, stringsCode[locale], `only when ${locale} is shown`]),
];
console.log('widget build (dist/widget):');
for (const [file, code, when] of rows) {
  console.log(`  ${file.padEnd(28)} ${kb(code.length).padStart(9)} raw  ${kb(gz(code)).padStart(8)} gzip  ${when}`);
}
const loaderGz = gz(loaderCode);
const totalGz = loaderGz + gz(chatCode);
console.log(`  loader ${kb(loaderGz)} gzip (${verdict(loaderGz, LOADER_BUDGET)})`);
console.log(
  `  chat open in English: widget.js + ${chatFile}, nothing else = ${kb(totalGz)} gzip (${verdict(totalGz, TOTAL_BUDGET)})`,
);
