import type { GptNeoConfig } from '../model/gpt-neo-config';
import { type OnnxModel, type OnnxNode, type OnnxTensor, type OnnxValueInfo, node, tensor } from './onnx-model';

/**
 * The serving engine's fused GPT-Neo decoder, built in TypeScript from a model's weights: the same graph
 * tools/model/engine_graph.py writes (its default, `--attention matmul`), with the same interface (see that
 * file's doc and FusedBatchDecoder): inputs input_ids, position_ids, seqlens_k, total_sequence_length and the
 * caller-owned past_key_values.{i}.key/.value buffers; outputs the last position's logits, each layer's
 * new keys and values, and engine_graph_version 2 (left-padded prompt batches).
 */

const OPSET = 17;
export const DERIVED_ENGINE_GRAPH_VERSION = 2;

/** One layer's weights, as the graph uses them: matrices [in, out], row-major. */
export interface GptNeoLayerWeights {
  ln1Weight: Float32Array;
  ln1Bias: Float32Array;
  /** q | k | v side by side: [hidden, 3 * hidden]. */
  qkv: Float32Array;
  out: Float32Array;
  outBias: Float32Array;
  ln2Weight: Float32Array;
  ln2Bias: Float32Array;
  /** [hidden, inner]. */
  fc: Float32Array;
  fcBias: Float32Array;
  /** [inner, hidden]. */
  proj: Float32Array;
  projBias: Float32Array;
}

export interface GptNeoWeights {
  /** [vocab, hidden]; also the tied output layer. */
  wte: Float32Array;
  /** [positions, hidden]. */
  wpe: Float32Array;
  layers: GptNeoLayerWeights[];
  lnfWeight: Float32Array;
  lnfBias: Float32Array;
  innerSize: number;
  layerNormEpsilon: number;
}

class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];

  init(name: string, dims: readonly number[], values: Float32Array | BigInt64Array): string {
    this.initializers.push(tensor(name, dims, values));
    return name;
  }

  i64(name: string, values: readonly number[] | number): string {
    const list = typeof values === 'number' ? [values] : values;
    return this.init(name, typeof values === 'number' ? [] : [list.length], BigInt64Array.from(list.map(BigInt)));
  }

  f32(name: string, value: number): string {
    return this.init(name, [], Float32Array.of(value));
  }

  op(
    opType: string,
    inputs: readonly string[],
    output: string,
    attributes: Record<string, number | readonly number[]> = {},
    domain = '',
  ): string {
    this.nodes.push(node(opType, inputs, [output], attributes, { domain, floats: ['epsilon'] }));
    return output;
  }

  multi(
    opType: string,
    inputs: readonly string[],
    outputs: readonly string[],
    name: string,
    attributes: Record<string, number | readonly number[]> = {},
    domain = '',
  ): void {
    this.nodes.push(node(opType, inputs, outputs, attributes, { domain, name, floats: ['epsilon'] }));
  }
}

function valueInfo(name: string, elemType: number, dims: ReadonlyArray<string | number>): OnnxValueInfo {
  return {
    name,
    type: {
      tensor_type: {
        elem_type: elemType,
        shape: { dim: dims.map((dim) => (typeof dim === 'string' ? { dim_param: dim } : { dim_value: dim })) },
      },
    },
  };
}

const FLOAT = 1;
const INT32 = 6;
const INT64 = 7;

/** Additive masks [batch, 1, seq, capacity + seq] per attention kind, and where a softmax row splits. */
function attentionBiases(g: GraphBuilder, windowSize: number): Record<'global' | 'local' | 'split', string> {
  const ax0 = g.i64('m_axis0', [0]);
  const ax1 = g.i64('m_axis1', [1]);
  const zero = g.i64('m_zero', 0);
  const one = g.i64('m_one', 1);
  const capacity = g.op(
    'Gather',
    [g.op('Shape', ['past_key_values.0.key'], 'm_past_shape'), g.i64('m_two', 2)],
    'm_capacity',
  );
  const idsShape = g.op('Shape', ['input_ids'], 'm_ids_shape');
  const batch = g.op('Gather', [idsShape, zero], 'm_batch');
  const seq = g.op('Gather', [idsShape, one], 'm_seq');
  const keyPos = g.op('Range', [zero, capacity, one], 'm_key_pos');
  const newPos = g.op('Range', [zero, seq, one], 'm_new_pos');
  const total = g.op('Add', [g.op('Cast', ['seqlens_k'], 'm_seqlens', { to: INT64 }), one], 'm_total');
  const pastLen = g.op(
    'Unsqueeze',
    [g.op('Sub', [total, seq], 'm_past_len'), g.i64('m_axes12', [1, 2])],
    'm_past_len_b11',
  );
  const inPast = g.op('Less', [keyPos, pastLen], 'm_in_past');
  const pastDist = g.op(
    'Sub',
    [g.op('Unsqueeze', ['position_ids', g.i64('m_axis2', [2])], 'm_q_pos'), keyPos],
    'm_past_dist',
  );
  const newDist = g.op('Sub', [g.op('Unsqueeze', [newPos, ax1], 'm_new_q'), newPos], 'm_new_dist');
  // Left padding: the tokens before position 0 are seen by nothing but themselves (see engine_graph.py).
  const realKey = g.op('GreaterOrEqual', [g.op('Add', [pastLen, newPos], 'm_new_key_pos'), zero], 'm_real_new_key');
  const itself = g.op('Equal', [newDist, zero], 'm_itself');
  const causal = g.op('And', [g.op('GreaterOrEqual', [newDist, zero], 'm_causal_only'), realKey], 'm_causal');
  const [b1, s1, c1] = [batch, seq, capacity].map((x) => g.op('Unsqueeze', [x, ax0], `${x}_1d`));
  const bsc = g.op('Concat', [b1, s1, c1], 'm_bsc', { axis: 0 });
  const bss = g.op('Concat', [b1, s1, s1], 'm_bss', { axis: 0 });
  const visible = g.f32('m_visible', 0);
  const masked = g.f32('m_masked', -Infinity);
  const window = g.i64('m_window', windowSize);
  const biases: Partial<Record<'global' | 'local' | 'split', string>> = {};
  for (const kind of ['global', 'local'] as const) {
    let pastOk = inPast;
    let newOk = causal;
    if (kind === 'local') {
      pastOk = g.op('And', [pastOk, g.op('Less', [pastDist, window], 'm_past_in_window')], 'm_local_past');
      newOk = g.op('And', [newOk, g.op('Less', [newDist, window], 'm_new_in_window')], 'm_local_new');
    }
    newOk = g.op('Or', [newOk, itself], `m_${kind}_new_or_itself`);
    const pastBias = g.op(
      'Where',
      [g.op('Expand', [pastOk, bsc], `m_${kind}_past_ok`), visible, masked],
      `m_${kind}_past_bias`,
    );
    const newBias = g.op(
      'Where',
      [g.op('Expand', [newOk, bss], `m_${kind}_new_ok`), visible, masked],
      `m_${kind}_new_bias`,
    );
    biases[kind] = g.op(
      'Unsqueeze',
      [g.op('Concat', [pastBias, newBias], `m_${kind}_bias3`, { axis: -1 }), ax1],
      `m_${kind}_bias`,
    );
  }
  biases.split = g.op('Concat', [c1, s1], 'm_prob_split', { axis: 0 });
  return biases as Record<'global' | 'local' | 'split', string>;
}

/** Unscaled softmax attention over the past buffer read in place, and this call's keys and values. */
function matmulAttention(
  g: GraphBuilder,
  i: number,
  heads: number,
  d: number,
  [q, k, v]: readonly [string, string, string],
  bias: string,
  split: string,
): string {
  const bsnd = g.i64(`l${i}_bsnd`, [0, 0, heads, d]);
  const headsFirst = (x: string, name: string): string =>
    g.op('Transpose', [g.op('Reshape', [x, bsnd], `${name}_bsnd`)], name, { perm: [0, 2, 1, 3] });
  const qh = headsFirst(q, `l${i}_qh`);
  const kh = headsFirst(k, `l${i}_kh`);
  const vh = headsFirst(v, `l${i}_vh`);
  const pastScores = g.op(
    'FusedMatMul',
    [qh, `past_key_values.${i}.key`],
    `l${i}_past_scores`,
    { transB: 1 },
    'com.microsoft',
  );
  const newScores = g.op('FusedMatMul', [qh, kh], `l${i}_new_scores`, { transB: 1 }, 'com.microsoft');
  const scores = g.op(
    'Add',
    [g.op('Concat', [pastScores, newScores], `l${i}_scores`, { axis: -1 }), bias],
    `l${i}_masked_scores`,
  );
  const probs = g.op('Softmax', [scores], `l${i}_probs`, { axis: -1 });
  g.multi('Split', [probs, split], [`l${i}_past_probs`, `l${i}_new_probs`], `l${i}_split_probs`, { axis: -1 });
  const out = g.op(
    'Add',
    [
      g.op('MatMul', [`l${i}_past_probs`, `past_key_values.${i}.value`], `l${i}_past_out`),
      g.op('MatMul', [`l${i}_new_probs`, vh], `l${i}_new_out`),
    ],
    `l${i}_out_heads`,
  );
  return g.op(
    'Reshape',
    [g.op('Transpose', [out], `l${i}_out_bsnd`, { perm: [0, 2, 1, 3] }), g.i64(`l${i}_bsh`, [0, 0, heads * d])],
    `l${i}_attn`,
  );
}

export function buildEngineGraph(config: GptNeoConfig, weights: GptNeoWeights): OnnxModel {
  const { hiddenSize: h, numHeads: heads, headDim: d, vocabSize, maxPositionEmbeddings } = config;
  const inner = weights.innerSize;
  const eps = weights.layerNormEpsilon;
  const g = new GraphBuilder();
  const kvShape = ['batch_size', heads, 'max_sequence_length', d];
  const inputs: OnnxValueInfo[] = [
    valueInfo('input_ids', INT64, ['batch_size', 'sequence_length']),
    valueInfo('position_ids', INT64, ['batch_size', 'sequence_length']),
    valueInfo('seqlens_k', INT32, ['batch_size']),
    valueInfo('total_sequence_length', INT32, []),
  ];
  const outputs: OnnxValueInfo[] = [valueInfo('logits', FLOAT, ['batch_size', vocabSize])];
  const biases = attentionBiases(g, config.windowSize);
  g.op('Identity', [g.i64('engine_graph_version_value', DERIVED_ENGINE_GRAPH_VERSION)], 'engine_graph_version');
  outputs.push(valueInfo('engine_graph_version', INT64, []));

  const wte = g.init('transformer.wte.weight', [vocabSize, h], weights.wte);
  const wpe = g.init('transformer.wpe.weight', [maxPositionEmbeddings, h], weights.wpe);
  let hidden = g.op(
    'Add',
    [g.op('Gather', [wte, 'input_ids'], 'tok_emb'), g.op('Gather', [wpe, 'position_ids'], 'pos_emb')],
    'h_embed',
  );
  const vector = (name: string, values: Float32Array): string => g.init(name, [values.length], values);
  const skipLn = (delta: string, residual: string, weight: string, bias: string, added: string, name: string) => {
    g.multi(
      'SkipLayerNormalization',
      [delta, residual, weight, bias, added],
      [`${name}_x`, '', '', `${name}_h`],
      name,
      { epsilon: eps },
      'com.microsoft',
    );
    return [`${name}_x`, `${name}_h`] as const;
  };

  const first = weights.layers[0];
  let x = g.op(
    'LayerNormalization',
    [
      hidden,
      vector('transformer.h.0.ln_1.weight', first.ln1Weight),
      vector('transformer.h.0.ln_1.bias', first.ln1Bias),
    ],
    'l0_ln_1',
    { axis: -1, epsilon: eps },
  );
  weights.layers.forEach((layer, i) => {
    const p = `transformer.h.${i}.`;
    inputs.push(
      valueInfo(`past_key_values.${i}.key`, FLOAT, kvShape),
      valueInfo(`past_key_values.${i}.value`, FLOAT, kvShape),
    );
    const a = `${p}attn.attention.`;
    const qkv = g.op('MatMul', [x, g.init(`${a}qkv_proj.weight_t`, [h, 3 * h], layer.qkv)], `l${i}_qkv`);
    const q = `l${i}_q`;
    const k = `new_key_values.${i}.key`;
    const v = `new_key_values.${i}.value`;
    g.multi('Split', [qkv, g.i64(`l${i}_qkv_split`, [h, h, h])], [q, k, v], `l${i}_split_qkv`, { axis: -1 });
    outputs.push(
      valueInfo(k, FLOAT, ['batch_size', 'sequence_length', h]),
      valueInfo(v, FLOAT, ['batch_size', 'sequence_length', h]),
    );
    const kind = config.attentionLayers[i] === 'local' ? 'local' : 'global';
    const attn = matmulAttention(g, i, heads, d, [q, k, v], biases[kind], biases.split);
    const o = g.op('MatMul', [attn, g.init(`${a}out_proj.weight_t`, [h, h], layer.out)], `l${i}_out`);
    [x, hidden] = skipLn(
      o,
      hidden,
      vector(`${p}ln_2.weight`, layer.ln2Weight),
      vector(`${p}ln_2.bias`, layer.ln2Bias),
      vector(`${a}out_proj.bias`, layer.outBias),
      `l${i}_ln_2`,
    );
    const m = `${p}mlp.`;
    let f = g.op('MatMul', [x, g.init(`${m}c_fc.weight_t`, [h, inner], layer.fc)], `l${i}_fc`);
    // FastGelu with bias is gelu_new of input + bias.
    f = g.op('FastGelu', [f, vector(`${m}c_fc.bias`, layer.fcBias)], `l${i}_gelu`, {}, 'com.microsoft');
    f = g.op('MatMul', [f, g.init(`${m}c_proj.weight_t`, [inner, h], layer.proj)], `l${i}_proj`);
    const projBias = vector(`${m}c_proj.bias`, layer.projBias);
    if (i + 1 < weights.layers.length) {
      const next = weights.layers[i + 1];
      [x, hidden] = skipLn(
        f,
        hidden,
        vector(`transformer.h.${i + 1}.ln_1.weight`, next.ln1Weight),
        vector(`transformer.h.${i + 1}.ln_1.bias`, next.ln1Bias),
        projBias,
        `l${i + 1}_ln_1`,
      );
    } else {
      // Only the last position's logits are needed; ln_f is per position, so select first.
      const last = g.i64('last_position', [-1]);
      const fLast = g.op('Gather', [f, last], 'proj_last', { axis: 1 });
      const hLast = g.op('Gather', [hidden, last], 'h_last', { axis: 1 });
      [x] = skipLn(
        fLast,
        hLast,
        vector('transformer.ln_f.weight', weights.lnfWeight),
        vector('transformer.ln_f.bias', weights.lnfBias),
        projBias,
        'ln_f',
      );
      x = g.op('Squeeze', [x, g.i64('squeeze_axis1', [1])], 'ln_f_2d');
    }
  });
  // Tied lm_head: the same embedding initializer, transposed by Gemm rather than stored twice.
  g.op('Gemm', [x, wte], 'logits', { transB: 1 });
  return {
    ir_version: 8,
    opset_import: [
      { domain: '', version: OPSET },
      { domain: 'com.microsoft', version: 1 },
    ],
    producer_name: 'neodesk-engine-graph',
    graph: { name: 'gpt_neo_engine', node: g.nodes, initializer: g.initializers, input: inputs, output: outputs },
  };
}
