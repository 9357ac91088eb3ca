/**
 * npm run bench:inference:readme — puts the last run of `npm run bench:inference` (.bench/bench-inference.md)
 * and of `npm run eval:quantized` (.bench/eval-quantized.md), as each wrote it, into README.md between the
 * markers `<!-- NAME -->` and `<!-- /NAME -->`, with the date of the run: the README's figures are one
 * run's, never copied by hand.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const README = path.join(ROOT, 'README.md');
const BLOCKS = [
  { name: 'bench:inference', file: 'bench-inference.md' },
  { name: 'eval:quantized', file: 'eval-quantized.md' },
];

function main(): void {
  let readme = readFileSync(README, 'utf8');
  for (const { name, file } of BLOCKS) {
    const result = path.join(ROOT, '.bench', file);
    const table = readFileSync(result, 'utf8').trim();
    if (!table.includes('| --- |')) {
      throw new Error(`${result} holds no table: run npm run ${name} first`);
    }
    const day = statSync(result).mtime.toISOString().slice(0, 10);
    const start = `<!-- ${name} -->`;
    const end = `<!-- /${name} -->`;
    const from = readme.indexOf(start);
    const to = readme.indexOf(end);
    if (from < 0 || to < from) {
      throw new Error(`README.md has no ${start} ... ${end} block`);
    }
    const block = `${start}\nOne run of \`npm run ${name}\` on this project's machine (2 cores, CPU), ${day}:\n\n${table}\n`;
    readme = readme.slice(0, from) + block + readme.slice(to);
    process.stdout.write(`README.md: ${name} of ${day} written\n`);
  }
  writeFileSync(README, readme);
}

main();
