/**
 * Runs the reply checks on what the bundled model really writes, to see that ordinary replies never trip them.
 *
 *   npm run eval:reply-checks [-- --limit 200]
 *
 * Each held-out customer opening (tools/model/out/corpus/heldout.jsonl, as eval:confidence uses) gets the reply
 * the service would produce with the default bot settings (persona included), through the worker's engine on
 * the real ONNX model; its text goes through a ReplyGuard with the default guardrail settings piece by piece
 * as the engine streams it. Prints how many replies each rule stopped (with examples) and how much text the
 * guard held back at most while streaming.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_GENERATION_PARAMETERS, DEFAULT_GUARDRAIL_SETTINGS } from '@neodesk/contracts';
import { InferenceEngine, parseGenerationParams } from '@neodesk/inference';
import {
  ReplyGuard,
  type ReplyViolation,
} from '../../apps/conversation-service/src/guardrails/reply-checks/reply-guard';
import { defaultBotSettings } from '../../apps/conversation-service/src/workspaces/default-bot-settings';

const ROOT = path.resolve(__dirname, '..', '..');
const MODEL_DIR = path.join(ROOT, 'models', 'neodesk-support-gpt-neo');
const HELDOUT = path.join(ROOT, 'tools', 'model', 'out', 'corpus', 'heldout.jsonl');

interface Dialogue {
  id: string;
  turns: Array<{ speaker: 'customer' | 'agent'; text: string }>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { limit: { type: 'string' } } });
  if (!existsSync(HELDOUT)) {
    throw new Error(`No held-out corpus at ${HELDOUT}: run npm run eval:confidence once (it generates it)`);
  }
  const dialogues = readFileSync(HELDOUT, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as Dialogue)
    .slice(0, values.limit === undefined ? undefined : Number(values.limit));
  const engine = await InferenceEngine.load(
    MODEL_DIR,
    { device: 'cpu', cpuThreads: availableParallelism(), maxBatchSize: 16, maxQueued: dialogues.length },
    { log: () => undefined, warn: () => undefined },
  );
  const { persona } = defaultBotSettings('eval');
  const params = parseGenerationParams({ ...DEFAULT_GENERATION_PARAMETERS });
  const started = performance.now();
  const results: Array<{ text: string; violation: ReplyViolation | null; maxHeld: number; chars: number }> = [];
  try {
    await Promise.all(
      dialogues.map(async (dialogue) => {
        const guard = new ReplyGuard(DEFAULT_GUARDRAIL_SETTINGS, persona);
        let pushed = 0;
        let maxHeld = 0;
        const result = await engine.generateChat({
          persona,
          turns: [dialogue.turns[0]],
          params,
          onText: (text) => {
            pushed += text.length;
            // After a violation nothing is released any more: only count the hold-back before it.
            if (guard.push(text).violation === null) {
              maxHeld = Math.max(maxHeld, pushed - guard.released.length);
            }
          },
        });
        const end = guard.finish();
        results.push({ text: result.text, violation: end.violation, maxHeld, chars: result.text.length });
      }),
    );
  } finally {
    await engine.close('cancel');
  }
  const seconds = (performance.now() - started) / 1000;
  const stopped = results.filter((r) => r.violation !== null);
  console.log(
    `${results.length} held-out openings, default persona and sampling settings (${seconds.toFixed(1)} s); ` +
      `default guardrails stopped ${stopped.length} (${((100 * stopped.length) / results.length).toFixed(1)}%)`,
  );
  const byRule = new Map<string, number>();
  for (const r of stopped) {
    byRule.set(r.violation!.rule, (byRule.get(r.violation!.rule) ?? 0) + 1);
  }
  for (const [rule, count] of byRule) {
    console.log(`  ${rule}: ${count}`);
  }
  for (const r of stopped.slice(0, 30)) {
    console.log(`  - ${r.violation!.rule}: ${r.violation!.detail}\n    reply: ${JSON.stringify(r.text)}`);
  }
  const held = results.map((r) => r.maxHeld).sort((a, b) => a - b);
  const lengths = results.map((r) => r.chars).sort((a, b) => a - b);
  console.log(
    `Most text held back at once while streaming: median ${held[Math.floor(held.length / 2)]} characters, ` +
      `95th percentile ${held[Math.floor(held.length * 0.95)]}, max ${held[held.length - 1]}; ` +
      `reply length median ${lengths[Math.floor(lengths.length / 2)]}, max ${lengths[lengths.length - 1]} characters`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
