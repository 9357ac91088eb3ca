/**
 * The bundled model's held-out dialogues and the intent eval's criterion (tools/model/eval.py), for the
 * TypeScript evaluations (eval:confidence, eval:quantized).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const MODEL_TOOLS = path.resolve(__dirname, '..', '..', 'tools', 'model');
const HELDOUT = path.join(MODEL_TOOLS, 'out', 'corpus', 'heldout.jsonl');
const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';

export interface Dialogue {
  id: string;
  intent: string;
  turns: Array<{ speaker: 'customer' | 'agent'; text: string }>;
}

/** The intent whose marker the reply contains, or null if none or several do (corpus.classify_reply). */
export function classifyReply(text: string, markers: Record<string, string>): string | null {
  const low = text.toLowerCase();
  const hits = Object.entries(markers).filter(([, marker]) => low.includes(marker));
  return hits.length === 1 ? hits[0][0] : null;
}

/** The held-out split, generated (deterministically, seed 1234) when tools/model/out holds none yet. */
export function heldoutDialogues(): Dialogue[] {
  if (!existsSync(HELDOUT)) {
    process.stderr.write(`Generating the corpus into ${path.dirname(HELDOUT)}\n`);
    execFileSync(PYTHON, [path.join(MODEL_TOOLS, 'corpus.py'), '--out', path.dirname(HELDOUT)], { stdio: 'inherit' });
  }
  return readFileSync(HELDOUT, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as Dialogue);
}

/** corpus.INTENT_MARKERS, read from the Python source of truth. */
export function intentMarkers(): Record<string, string> {
  const script = 'import json, corpus; print(json.dumps(corpus.INTENT_MARKERS))';
  return JSON.parse(execFileSync(PYTHON, ['-c', script], { cwd: MODEL_TOOLS, encoding: 'utf8' })) as Record<
    string,
    string
  >;
}
