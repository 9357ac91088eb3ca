/**
 * The knowledge-grounded evaluation: held-out help centres, hand-written questions, the real retrieval and
 * the real engine.
 *
 *   npm run eval:kb
 *   npm run eval:kb -- --baseline /tmp/baseline/models/neodesk-support-gpt-neo --write-card
 *
 * Each held-out shop of eval/kb-shops.json (kb_corpus.py, seed 1234: coined shop and product names that
 * training never saw, countries, prices, hours and days drawn for that shop) becomes a workspace of an
 * embedded PGlite database with its articles imported through the service's KnowledgeArticlesService. Every
 * question of eval/kb-questions.json (written by hand apart from the training templates: other wording, typos,
 * slang, non-native English) is asked of every shop: the service's ReplyGrounding retrieves the passages exactly
 * as for a live reply (newest message plus earlier turns, 3 passages), and the worker's InferenceEngine writes
 * the reply with the service's default bot settings (persona, greedy, repetition penalty). A follow-up's first
 * answer is the model's own; only the follow-up is scored.
 *
 * Scores: an answerable question is right when the reply holds the fact's exact string (for "do you ship to
 * X" / "can I pay with X": X, and a "no" exactly when the shop does not) and does not hand over; an
 * unanswerable one when the service's no_answer detector (saysNoAnswer) hands it over; off-topic ones when the
 * reply says what the bot can help with, offers a person, does not hand over and is not hostile; polite ones
 * when the reply neither hands over nor ends the chat nor warns about language. Retrieval: whether the article
 * holding the answer is among the passages (top 3) and first. The baseline is another model folder (the model
 * before retraining) under the same conditions; a model that does not claim passages gets none, as in
 * production.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_GUARDRAIL_SETTINGS, type GenerationJobTurn } from '@neodesk/contracts';
import { InferenceEngine, parseGenerationParams, summarizeTokenLogprobs } from '@neodesk/inference';
import { Repositories, UnitOfWork, openDatabase } from '@neodesk/persistence';
import { ReplyGrounding } from '../../apps/conversation-service/src/bot/reply-grounding.service';
import { saysNoAnswer } from '../../apps/conversation-service/src/bot/no-answer';
import { ReplyGuard } from '../../apps/conversation-service/src/guardrails/reply-checks/reply-guard';
import { lowConfidence } from '../../apps/conversation-service/src/guardrails/confidence/confidence-rules';
import { KnowledgeArticlesService } from '../../apps/conversation-service/src/knowledge/knowledge-articles.service';
import { KnowledgeRetrievalService } from '../../apps/conversation-service/src/knowledge/knowledge-retrieval.service';
import { defaultBotSettings } from '../../apps/conversation-service/src/workspaces/default-bot-settings';
import { WorkspacesService } from '../../apps/conversation-service/src/workspaces/workspaces.service';

const ROOT = path.resolve(__dirname, '..', '..');
const MODEL_DIR = path.join(ROOT, 'models', 'neodesk-support-gpt-neo');
const SHOPS = path.join(__dirname, 'eval', 'kb-shops.json');
const QUESTIONS = path.join(__dirname, 'eval', 'kb-questions.json');
const CARD = path.join(MODEL_DIR, 'MODEL_CARD.md');
const CARD_START = '<!-- eval-kb:start -->';
const CARD_END = '<!-- eval-kb:end -->';

interface Shop {
  shop: string;
  countries: string[];
  not_countries: string[];
  methods: string[];
  not_methods: string[];
  products: Array<[string, string]>;
  articles: Array<{ topic: string; title: string; body: string; facts: Record<string, string> }>;
}

interface Question {
  fact: string;
  text: string;
}

interface QuestionSet {
  answerable: Question[];
  followups: Array<{ first: Question; then: Question }>;
  unanswerable: string[];
  offtopic: string[];
  polite: string[];
}

type Kind = 'answerable' | 'followup' | 'unanswerable' | 'offtopic' | 'polite';

/** One question put to one shop: the turns before the scored reply, and how the reply is judged. */
interface Case {
  kind: Kind;
  shop: Shop;
  workspaceId: string;
  first?: string;
  question: string;
  /** The answer must hold one of these (all alternatives exact strings); empty: no fact asked. */
  facts: string[];
  /** For yes/no facts: whether the right answer is "no". */
  negative?: boolean;
  /** The topic of the article that holds the answer. */
  topic?: string;
}

interface Outcome {
  right: boolean;
  reply: string;
  /** The service's default confidence check would hand this reply over (low_confidence). */
  lowConfidence: boolean;
  retrievedTop3?: boolean;
  retrievedFirst?: boolean;
  /** The titles of the passages the reply got, best first. */
  titles: string[];
}

const HOSTILE = /respectful|language|ending this (chat|conversation)|end this (chat|conversation)|close this chat/i;

/**
 * Whether the service's reply checks (default guardrail settings) stop this reply before a customer sees it
 * (`hostile_reply`, or another rule that fires first, such as a forbidden promise).
 */
function stoppedByReplyChecks(reply: string): boolean {
  const guard = new ReplyGuard(DEFAULT_GUARDRAIL_SETTINGS, null);
  return (guard.push(reply).violation ?? guard.finish().violation) !== null;
}
const NEGATIVE = /\b(?:don't|do not|dont|doesn't|not|no|sorry|unfortunately)\b/i;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: MODEL_DIR },
      baseline: { type: 'string' },
      shops: { type: 'string' },
      'write-card': { type: 'boolean', default: false },
      show: { type: 'string', default: '0' },
    },
  });
  const shops = (JSON.parse(readFileSync(SHOPS, 'utf8')) as Shop[]).slice(
    0,
    values.shops === undefined ? undefined : Number(values.shops),
  );
  const questions = JSON.parse(readFileSync(QUESTIONS, 'utf8')) as QuestionSet;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'neodesk-eval-kb-'));
  const database = await openDatabase({ kind: 'embedded', dataDir, migrateOnStart: true }, { runMigrations: true });
  try {
    const repositories = new Repositories(database.dataSource.manager);
    const unitOfWork = new UnitOfWork(database.dataSource);
    const retrieval = new KnowledgeRetrievalService(repositories);
    const knowledge = new KnowledgeArticlesService(unitOfWork, repositories, retrieval);
    const workspaces = new WorkspacesService(unitOfWork, repositories);
    const grounding = new ReplyGrounding(retrieval);
    const cases: Case[] = [];
    for (const shop of shops) {
      const workspace = await workspaces.create({ name: shop.shop });
      for (const article of shop.articles) {
        await knowledge.create(workspace.id, { title: article.title, body: article.body });
      }
      cases.push(...casesFor(shop, workspace.id, questions));
    }
    console.log(
      `${shops.length} held-out shops (${shops.reduce((n, s) => n + s.articles.length, 0)} articles), ` +
        `${cases.length} questions (${count(cases, 'answerable')} answerable, ${count(cases, 'followup')} follow-ups, ` +
        `${count(cases, 'unanswerable')} unanswerable, ${count(cases, 'offtopic')} off-topic, ${count(cases, 'polite')} polite)`,
    );
    const runs: Array<{ label: string; outcomes: Outcome[] }> = [];
    runs.push({
      label: `${path.basename(values.model)} (retrieval)`,
      outcomes: await run(values.model, cases, grounding),
    });
    if (values.baseline !== undefined) {
      runs.push({ label: 'baseline (before retraining)', outcomes: await run(values.baseline, cases, grounding) });
    }
    const table = report(cases, runs);
    console.log(`\n${table}`);
    const show = Number(values.show);
    if (show > 0) {
      for (const kind of ['answerable', 'followup', 'unanswerable', 'offtopic', 'polite'] as const) {
        const wrong = cases.flatMap((c, i) => (c.kind === kind && !runs[0].outcomes[i].right ? [i] : []));
        for (const i of wrong.slice(0, show)) {
          console.log(
            `[${kind}] ${cases[i].question} -> ${runs[0].outcomes[i].reply} (want ${cases[i].facts.join(' | ')})`,
          );
        }
      }
    }
    if (show > 0) {
      const missed = cases.flatMap((c, i) => (runs[0].outcomes[i].retrievedTop3 === false ? [i] : []));
      for (const i of missed.slice(0, show * 5)) {
        console.log(
          `[retrieval] ${cases[i].question} (want ${cases[i].topic}) got ${runs[0].outcomes[i].titles.join(' | ')}`,
        );
      }
    }
    if (values['write-card']) {
      const card = readFileSync(CARD, 'utf8');
      const start = card.indexOf(CARD_START);
      const end = card.indexOf(CARD_END);
      if (start < 0 || end < start) {
        throw new Error(`${CARD} has no ${CARD_START} … ${CARD_END} section`);
      }
      const section = `${CARD_START}\n<!-- written by npm run eval:kb -- --write-card; do not edit -->\n${table}\n`;
      writeFileSync(CARD, card.slice(0, start) + section + card.slice(end));
      console.log(`\nwrote the table into ${path.relative(ROOT, CARD)}`);
    }
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Every question of the set, its placeholders filled from the shop (the i-th country, method, product). */
function casesFor(shop: Shop, workspaceId: string, set: QuestionSet): Case[] {
  const facts = new Map<string, { value: string; topic: string }>();
  for (const article of shop.articles) {
    for (const [name, value] of Object.entries(article.facts)) {
      facts.set(name, { value, topic: article.topic });
    }
  }
  const out: Case[] = [];
  const pick = <T>(list: readonly T[], i: number): T => list[i % list.length];
  set.answerable.forEach((q, i) => {
    out.push({ kind: 'answerable', shop, workspaceId, ...resolve(shop, facts, q, i, pick) });
  });
  set.followups.forEach((f, i) => {
    const first = resolve(shop, facts, f.first, i, pick);
    const then = resolve(shop, facts, f.then, i + 1, pick, first.filled);
    out.push({ kind: 'followup', shop, workspaceId, first: first.question, ...then });
  });
  set.unanswerable.forEach((text, i) => {
    out.push({
      kind: 'unanswerable',
      shop,
      workspaceId,
      question: fill(text, { product: pick(shop.products, i)[0] }),
      facts: [],
    });
  });
  for (const text of set.offtopic) {
    out.push({ kind: 'offtopic', shop, workspaceId, question: text, facts: [] });
  }
  for (const text of set.polite) {
    out.push({ kind: 'polite', shop, workspaceId, question: text, facts: [] });
  }
  return out;
}

interface Resolved {
  question: string;
  facts: string[];
  negative?: boolean;
  topic?: string;
  filled: Record<string, string>;
}

function resolve(
  shop: Shop,
  facts: Map<string, { value: string; topic: string }>,
  q: Question,
  i: number,
  pick: <T>(list: readonly T[], i: number) => T,
  earlier: Record<string, string> = {},
): Resolved {
  const countries = [...shop.countries, ...shop.not_countries];
  const methods = [...shop.methods, ...shop.not_methods.slice(0, 2)];
  const other = <T>(list: readonly T[], not: T | undefined, j: number): T => {
    const rest = list.filter((x) => x !== not);
    return pick(rest, j);
  };
  const filled: Record<string, string> = {
    country: earlier.country ?? pick(q.fact === 'country_out' ? shop.not_countries : shop.countries, i),
    method: earlier.method ?? pick(q.fact === 'method_out' ? shop.not_methods : shop.methods, i),
    product: earlier.product ?? pick(shop.products, i)[0],
  };
  filled.country2 = other(countries, filled.country, i * 3 + 1);
  filled.method2 = other(methods, filled.method, i * 3 + 1);
  filled.product2 = other(
    shop.products.map(([name]) => name),
    filled.product,
    i,
  );
  const question = fill(q.text, filled);
  const yesNo = (value: string, yes: boolean, topic: string): Omit<Resolved, 'question' | 'filled'> => ({
    facts: [value],
    negative: !yes,
    topic,
  });
  let judged: Omit<Resolved, 'question' | 'filled'>;
  switch (q.fact) {
    case 'country_in':
    case 'country_out':
      judged = yesNo(filled.country, shop.countries.includes(filled.country), 'shipping_countries');
      break;
    case 'country_any':
      judged = yesNo(filled.country2, shop.countries.includes(filled.country2), 'shipping_countries');
      break;
    case 'method_in':
    case 'method_out':
      judged = yesNo(filled.method, shop.methods.includes(filled.method), 'payment');
      break;
    case 'method_any':
      judged = yesNo(filled.method2, shop.methods.includes(filled.method2), 'payment');
      break;
    case 'product_price':
      judged = { facts: [priceOf(shop, filled.product)], topic: 'products' };
      break;
    case 'product_price_2':
      judged = { facts: [priceOf(shop, filled.product2)], topic: 'products' };
      break;
    default: {
      // A shop open on Saturdays all day states it in its hours: the Saturday question is answered by them.
      const fact = facts.get(q.fact) ?? (q.fact === 'saturday' ? facts.get('hours') : undefined);
      if (fact === undefined) {
        throw new Error(`${shop.shop} has no fact ${q.fact}`);
      }
      judged = { facts: [fact.value], topic: fact.topic };
    }
  }
  return { question, filled, ...judged };
}

function priceOf(shop: Shop, product: string): string {
  const found = shop.products.find(([name]) => name === product);
  if (found === undefined) {
    throw new Error(`${shop.shop} has no product ${product}`);
  }
  return found[1];
}

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** Every case's reply from the model in `modelDir`, judged. */
async function run(modelDir: string, cases: readonly Case[], grounding: ReplyGrounding): Promise<Outcome[]> {
  const engine = await InferenceEngine.load(
    modelDir,
    { device: 'cpu', cpuThreads: availableParallelism(), maxBatchSize: 16, maxQueued: cases.length * 2 },
    { log: () => undefined, warn: (message) => process.stderr.write(`${message}\n`) },
  );
  const settings = defaultBotSettings('eval');
  const params = parseGenerationParams({
    maxNewTokens: settings.maxNewTokens,
    temperature: settings.temperature,
    topK: settings.topK,
    topP: settings.topP,
    repetitionPenalty: settings.repetitionPenalty,
  });
  const started = performance.now();
  try {
    // One retrieval at a time (the embedded database has one connection); generation batches as the worker does.
    let queue: Promise<unknown> = Promise.resolve();
    const retrieve = (c: Case, turns: GenerationJobTurn[]) => {
      const next = queue.then(() => grounding.passagesFor(c.workspaceId, turns));
      queue = next.catch(() => undefined);
      return next;
    };
    const reply = async (c: Case, turns: GenerationJobTurn[]) => {
      const found = await retrieve(c, turns);
      const result = await engine.generateChat({ persona: settings.persona, turns, passages: found.passages, params });
      const confidence = summarizeTokenLogprobs(result.tokenLogprobs);
      const low =
        lowConfidence(
          { meanTokenProbability: confidence?.mean ?? null, minTokenProbability: confidence?.min ?? null },
          DEFAULT_GUARDRAIL_SETTINGS,
        ) !== null;
      return { text: result.text.trim(), titles: found.articles.map((a) => a.title), low };
    };
    const outcomes = await Promise.all(
      cases.map(async (c): Promise<Outcome> => {
        const turns: GenerationJobTurn[] = [];
        if (c.first !== undefined) {
          turns.push({ speaker: 'customer', text: c.first });
          turns.push({ speaker: 'agent', text: (await reply(c, [...turns])).text });
        }
        turns.push({ speaker: 'customer', text: c.question });
        const { text, titles, low } = await reply(c, turns);
        const topicTitle = c.topic === undefined ? undefined : c.shop.articles.find((a) => a.topic === c.topic)?.title;
        return {
          reply: text,
          right: judge(c, text),
          lowConfidence: low,
          retrievedTop3: topicTitle === undefined ? undefined : titles.includes(topicTitle),
          retrievedFirst: topicTitle === undefined ? undefined : titles[0] === topicTitle,
          titles,
        };
      }),
    );
    console.log(
      `${modelDir}: ${engine.description.decoder} decoder, passages ${engine.description.knowledgePassages ? 'used' : 'not used (the model does not claim them)'}, ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    return outcomes;
  } finally {
    await engine.close('cancel');
  }
}

function judge(c: Case, reply: string): boolean {
  const handsOver = saysNoAnswer(reply);
  const hostile = HOSTILE.test(reply);
  switch (c.kind) {
    case 'answerable':
    case 'followup': {
      if (handsOver || hostile || !c.facts.some((fact) => reply.includes(fact))) {
        return false;
      }
      // "Do you ship to X?": the reply names X and says no exactly when the shop does not.
      return c.negative === undefined || NEGATIVE.test(reply) === c.negative;
    }
    case 'unanswerable':
      return handsOver;
    case 'offtopic':
      return !handsOver && !hostile && /only help/i.test(reply) && /person|colleague|team|human|agent/i.test(reply);
    case 'polite':
      return !handsOver && !hostile;
  }
}

function report(cases: readonly Case[], runs: ReadonlyArray<{ label: string; outcomes: Outcome[] }>): string {
  const rate = (outcomes: Outcome[], kind: Kind, test: (o: Outcome) => boolean | undefined = (o) => o.right) => {
    const picked = cases.flatMap((c, i) => (c.kind === kind ? [outcomes[i]] : []));
    const yes = picked.filter((o) => test(o) === true).length;
    return `${pct(yes / picked.length)} (${yes}/${picked.length})`;
  };
  const rows: Array<[string, (o: Outcome[]) => string]> = [
    ['Fact accuracy, answerable questions', (o) => rate(o, 'answerable')],
    ['Fact accuracy, follow-ups ("and apple pay?")', (o) => rate(o, 'followup')],
    ['Hand-over, unanswerable questions (`no_answer`)', (o) => rate(o, 'unanswerable')],
    ['Off-topic: "I can only help with…" and a person offered', (o) => rate(o, 'offtopic')],
    ['Polite messages: no hand-over, never hostile', (o) => rate(o, 'polite')],
    [
      'Right answers the default confidence check would hand over (`low_confidence`)',
      (o) => {
        const right = cases.flatMap((c, i) => (c.kind === 'answerable' && o[i].right ? [o[i]] : []));
        const low = right.filter((x) => x.lowConfidence).length;
        return `${pct(low / Math.max(1, right.length))} (${low}/${right.length})`;
      },
    ],
    [
      'Hostile replies (end the chat, warn about language), all questions',
      (o) => `${o.filter((x) => HOSTILE.test(x.reply)).length} of ${o.length}`,
    ],
    [
      '… of which a customer sees (not stopped by the reply checks: `hostile_reply` and the others)',
      (o) => `${o.filter((x) => HOSTILE.test(x.reply) && !stoppedByReplyChecks(x.reply)).length}`,
    ],
  ];
  const lines = [
    `| Measure | ${runs.map((r) => r.label).join(' | ')} |`,
    `| --- | ${runs.map(() => '---').join(' | ')} |`,
    ...rows.map(([label, f]) => `| ${label} | ${runs.map((r) => f(r.outcomes)).join(' | ')} |`),
  ];
  const retrieval = runs[0].outcomes;
  const answer = (kind: Kind) =>
    `top 3: ${rate(retrieval, kind, (o) => o.retrievedTop3)}, first: ${rate(retrieval, kind, (o) => o.retrievedFirst)}`;
  lines.push(
    '',
    `Retrieval (the article holding the answer among the reply's passages): answerable ${answer('answerable')}; follow-ups ${answer('followup')}.`,
  );
  return lines.join('\n');
}

function count(cases: readonly Case[], kind: Kind): number {
  return cases.filter((c) => c.kind === kind).length;
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
