/**
 * Tunes the confidence handoff on the bundled model's held-out dialogues.
 *
 *   npm run eval:confidence [-- --limit 200]
 *
 * Each held-out customer opening (tools/model/corpus.py, seed 1234: the split the model card scores) gets the
 * reply the service would produce with the default bot settings (persona included), through the worker's
 * own engine on the real ONNX model; the same openings without a persona (eval.py's condition) are scored
 * too, for comparison. The reply is right by the intent eval's criterion (tools/model/eval.py: it contains its
 * intent's marker and no other intent's). For a grid of thresholds on the reply's mean and least token
 * probability it prints how well "hand over" finds the wrong replies (precision, recall, F1) and what share
 * of all replies it hands over, and picks the default of DEFAULT_GUARDRAIL_SETTINGS: the best F1 among the
 * rules that hand over at most MAX_RIGHT_HANDED_OVER of the right replies (the team's extra work stays
 * bounded); ties go to fewer handovers, then to the strictest least-token check (a safety net for text
 * stranger than the held-out set, free here).
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_GENERATION_PARAMETERS, DEFAULT_GUARDRAIL_SETTINGS } from '@neodesk/contracts';
import { InferenceEngine, parseGenerationParams, summarizeTokenLogprobs } from '@neodesk/inference';
import { defaultBotSettings } from '../../apps/conversation-service/src/workspaces/default-bot-settings';
import { type Dialogue, classifyReply, heldoutDialogues, intentMarkers } from './heldout';

const ROOT = path.resolve(__dirname, '..', '..');
const MODEL_DIR = path.join(ROOT, 'models', 'neodesk-support-gpt-neo');

interface Scored {
  mean: number;
  min: number;
  right: boolean;
}

interface Rule {
  mean: number;
  min: number;
}

interface RuleScore extends Rule {
  precision: number;
  recall: number;
  f1: number;
  handedOver: number;
  rightHandedOver: number;
}

/** Share of right replies the chosen rule may hand over. */
const MAX_RIGHT_HANDED_OVER = 0.1;
// Greedy replies of this model keep nearly every reply's mean above 0.8: the grid is fine where replies are.
const MEAN_GRID = [0, ...range(0.8, 0.97, 0.005)];
const MIN_GRID = [0, ...range(0.025, 0.5, 0.025)];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { limit: { type: 'string' } } });
  const dialogues = heldoutDialogues().slice(0, values.limit === undefined ? undefined : Number(values.limit));
  const markers = intentMarkers();
  const engine = await InferenceEngine.load(
    MODEL_DIR,
    { device: 'cpu', cpuThreads: availableParallelism(), maxBatchSize: 16, maxQueued: dialogues.length },
    { log: (message) => process.stderr.write(`${message}\n`), warn: () => undefined },
  );
  const { persona } = defaultBotSettings('eval');
  let scored: Scored[];
  let withoutPersona: Scored[];
  try {
    // What the service sends by default (the tuning set), and eval.py's own condition (no persona).
    scored = await replies(engine, dialogues, markers, persona, 'the default persona');
    withoutPersona = await replies(engine, dialogues, markers, null, 'no persona (as tools/model/eval.py)');
  } finally {
    await engine.close('cancel');
  }

  const grid = MEAN_GRID.flatMap((mean) => MIN_GRID.map((min) => score(scored, { mean, min })));
  console.log('\nWith the default persona, hand over when mean < m (min off):');
  printTable(grid.filter((rule) => rule.min === 0 && rule.mean > 0));
  console.log('\nHand over when min < n (mean off):');
  printTable(grid.filter((rule) => rule.mean === 0 && rule.min > 0));
  const ranked = [...grid].sort((a, b) => b.f1 - a.f1 || a.handedOver - b.handedOver || b.min - a.min);
  console.log('\nBest five rules "mean < m or min < n" by F1:');
  printTable(ranked.slice(0, 5));
  const bounded = ranked.filter((rule) => rule.rightHandedOver <= MAX_RIGHT_HANDED_OVER);
  console.log(`\nBest five that hand over at most ${pct(MAX_RIGHT_HANDED_OVER)} of the right replies:`);
  printTable(bounded.slice(0, 5));
  const best = bounded[0];
  console.log(`\nChosen: minMeanTokenProbability ${best.mean}, minTokenProbability ${best.min}: ${summary(best)}`);
  console.log(`The same rule on the replies without a persona: ${summary(score(withoutPersona, best))}`);
  const current = score(scored, {
    mean: DEFAULT_GUARDRAIL_SETTINGS.minMeanTokenProbability,
    min: DEFAULT_GUARDRAIL_SETTINGS.minTokenProbability,
  });
  console.log(`DEFAULT_GUARDRAIL_SETTINGS now (mean < ${current.mean}, min < ${current.min}): ${summary(current)}`);
}

/** The reply to each opening with the default sampling settings, its confidence and whether it is right. */
async function replies(
  engine: InferenceEngine,
  dialogues: readonly Dialogue[],
  markers: Record<string, string>,
  persona: string | null,
  label: string,
): Promise<Scored[]> {
  const params = parseGenerationParams({ ...DEFAULT_GENERATION_PARAMETERS });
  const started = performance.now();
  const scored = await Promise.all(
    dialogues.map(async (dialogue) => {
      const result = await engine.generateChat({ persona, turns: [dialogue.turns[0]], params });
      const confidence = summarizeTokenLogprobs(result.tokenLogprobs) ?? { mean: 0, min: 0 };
      return { ...confidence, right: classifyReply(result.text, markers) === dialogue.intent };
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const right = scored.filter((reply) => reply.right).length;
  console.log(
    `\n${scored.length} held-out openings with ${label}, greedy, repetition penalty ${params.repetitionPenalty}, ` +
      `up to ${params.maxNewTokens} tokens (${seconds.toFixed(1)} s): right by the intent criterion ` +
      `${right}/${scored.length} = ${pct(right / scored.length)}`,
  );
  console.log(
    `  mean token probability median: right ${median(scored, true, 'mean')}, wrong ${median(scored, false, 'mean')}; ` +
      `least token: right ${median(scored, true, 'min')}, wrong ${median(scored, false, 'min')}`,
  );
  return scored;
}

function summary(rule: RuleScore): string {
  return (
    `precision ${pct(rule.precision)}, recall ${pct(rule.recall)}, F1 ${rule.f1.toFixed(3)}, hands over ` +
    `${pct(rule.handedOver)} of replies (${pct(rule.rightHandedOver)} of the right ones)`
  );
}

/** Hand over when the mean is under `mean` or the least token under `min` (0 turns a check off). */
function score(replies: readonly Scored[], rule: Rule): RuleScore {
  let truePositive = 0;
  let falsePositive = 0;
  let wrong = 0;
  let right = 0;
  for (const reply of replies) {
    const handOver = reply.mean < rule.mean || reply.min < rule.min;
    wrong += reply.right ? 0 : 1;
    right += reply.right ? 1 : 0;
    if (handOver && !reply.right) {
      truePositive++;
    } else if (handOver) {
      falsePositive++;
    }
  }
  const precision = truePositive + falsePositive === 0 ? 0 : truePositive / (truePositive + falsePositive);
  const recall = wrong === 0 ? 0 : truePositive / wrong;
  return {
    ...rule,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    handedOver: (truePositive + falsePositive) / replies.length,
    rightHandedOver: right === 0 ? 0 : falsePositive / right,
  };
}

function printTable(rows: readonly RuleScore[]): void {
  console.log('  mean <   min <   precision  recall   F1     handed over  right ones handed over');
  for (const row of rows) {
    console.log(
      `  ${row.mean.toFixed(3).padEnd(8)}${row.min.toFixed(3).padEnd(8)}${pct(row.precision).padStart(9)}` +
        `${pct(row.recall).padStart(8)}  ${row.f1.toFixed(3)}  ${pct(row.handedOver).padStart(11)}` +
        `  ${pct(row.rightHandedOver).padStart(10)}`,
    );
  }
}

function median(replies: readonly Scored[], right: boolean, key: 'mean' | 'min'): string {
  const values = replies
    .filter((reply) => reply.right === right)
    .map((reply) => reply[key])
    .sort((a, b) => a - b);
  return values.length === 0 ? '-' : values[Math.floor(values.length / 2)].toFixed(3);
}

function range(from: number, to: number, step: number): number[] {
  return Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Number((from + i * step).toFixed(3)));
}

function pct(value: number): string {
  return `${(100 * value).toFixed(1)}%`;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
