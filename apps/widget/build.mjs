// Builds the web chat widget into dist/widget/: the loader (widget.js, short cache) and the content-hashed
// chat bundle (chat.<hash>.js, immutable), then manifest.json. Run by `npm run build`; prints each size.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, transform } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(root, 'dist/widget');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

/** `import css from './x.css'`: the file minified, as a string for a constructable stylesheet. */
const cssText = {
  name: 'css-text',
  setup(b) {
    b.onLoad({ filter: /\.css$/ }, async (args) => {
      const source = readFileSync(args.path, 'utf8');
      const { code } = await transform(source, { loader: 'css', minify: true });
      return { contents: `export default ${JSON.stringify(code.trim())};`, loader: 'js' };
    });
  },
};

/**
 * The gateway accepts websocket only (README "Realtime gateway"), so engine.io's table of transports is
 * replaced by one that holds just its websocket transport: long-polling and WebTransport stay out of the bundle.
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
  alias: { '@neodesk/contracts': join(root, 'libs/contracts/src/client.ts') },
  jsx: 'automatic',
  jsxImportSource: 'preact',
  plugins: [cssText, websocketOnly],
  logLevel: 'warning',
};

function assertNoZod(result, name) {
  const zod = Object.keys(result.metafile.inputs).filter((input) => input.includes('node_modules/zod/'));
  if (zod.length > 0) {
    throw new Error(`${name} bundles zod (${zod[0]}): import from the contracts' client entry only`);
  }
}

const chat = await build({
  ...common,
  entryPoints: [join(root, 'apps/widget/src/chat/chat-entry.tsx')],
  outfile: 'chat.js',
});
assertNoZod(chat, 'the chat bundle');
const chatCode = chat.outputFiles[0].contents;
const chatFile = `chat.${createHash('sha256').update(chatCode).digest('hex').slice(0, 12)}.js`;

const loader = await build({
  ...common,
  entryPoints: [join(root, 'apps/widget/src/loader/widget-loader.ts')],
  outfile: 'widget.js',
  define: { NEODESK_CHAT_FILE: JSON.stringify(chatFile), NEODESK_VERSION: JSON.stringify(version) },
});
assertNoZod(loader, 'the loader');
const loaderCode = loader.outputFiles[0].contents;

mkdirSync(outDir, { recursive: true });
for (const stale of readdirSync(outDir).filter((file) => /^chat\.[0-9a-f]+\.js$/.test(file) && file !== chatFile)) {
  rmSync(join(outDir, stale));
}
writeFileSync(join(outDir, chatFile), chatCode);
writeFileSync(join(outDir, 'widget.js'), loaderCode);
writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify({ loader: 'widget.js', chat: chatFile }, null, 2)}\n`);

const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const rows = [
  ['widget.js', loaderCode.length, gz(loaderCode)],
  [chatFile, chatCode.length, gz(chatCode)],
];
console.log('widget build (dist/widget):');
for (const [file, raw, zipped] of rows) {
  console.log(`  ${file.padEnd(24)} ${kb(raw).padStart(9)} raw  ${kb(zipped).padStart(8)} gzip`);
}
console.log(`  ${'loader + chat'.padEnd(24)} ${''.padStart(9)}      ${kb(rows[0][2] + rows[1][2]).padStart(8)} gzip`);
