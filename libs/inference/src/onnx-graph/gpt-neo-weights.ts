import type { GptNeoConfig } from '../model/gpt-neo-config';
import type { GptNeoLayerWeights, GptNeoWeights } from './engine-graph-builder';
import {
  type OnnxGraph,
  type OnnxModel,
  type OnnxNode,
  type OnnxTensor,
  OnnxFormatError,
  dimsOf,
  floatValues,
  intsAttribute,
  node,
} from './onnx-model';

/**
 * GPT-Neo's weights read out of a standard decoder export (optimum's interface: logits and
 * present.{i}.key/.value outputs), whichever way it stores them:
 * - the embeddings by Hugging Face's names (transformer.wte/wpe.weight), which every exporter keeps;
 * - everything else by the graph's structure, not by name: optimum's exporter folds each Linear weight into a
 *   transposed copy under a generated name (onnx::MatMul_N), ours keeps the name behind a Transpose, and
 *   torch.onnx stores equal parameters once under one of their names (freshly initialised biases and layer
 *   norms). Per layer, in graph order: three products of the same input (q, k, v: k is the one whose result
 *   reaches present.{i}.key, v present.{i}.value), then out_proj, c_fc and c_proj, shapes checked; each
 *   product's bias is the vector its result is added to; each layer norm's weight and bias are the inputs of
 *   the LayerNormalization, or of the Mul and Add that end a decomposed one, that feeds q/k/v, c_fc or the
 *   output layer.
 * A tied output layer stored a second time (folded) is not needed: the engine graph reads the embedding.
 * optimum's merged decoder is read through its with-past branch (decoderWithPast).
 */
export function gptNeoWeightsFrom(model: OnnxModel, config: GptNeoConfig, layerNormEpsilon: number): GptNeoWeights {
  const graph = decoderWithPast(model.graph);
  if (graph.node.some((each) => each.op_type === 'If' || each.op_type === 'Loop')) {
    throw new OnnxFormatError('control flow (If/Loop) inside the decoder: not a GPT-Neo export this derivation knows');
  }
  const initializers = new Map(graph.initializer.map((init) => [init.name, init]));
  const producers = new Map<string, OnnxNode>();
  const consumers = new Map<string, OnnxNode[]>();
  for (const each of graph.node) {
    each.output.forEach((output) => producers.set(output, each));
    each.input.forEach((input) => consumers.set(input, [...(consumers.get(input) ?? []), each]));
  }
  const { hiddenSize: h, numLayers, vocabSize } = config;

  /**
   * The initializer behind a tensor, through Identity (torch.onnx stores equal parameters once and reads the
   * others through Identity nodes) and Cast (float16 storage, tools/model/fp16_storage.py).
   */
  const resolve = (name: string): OnnxTensor | undefined => {
    let current = name;
    for (let hops = 0; hops < 8 && !initializers.has(current); hops++) {
      const producer = producers.get(current);
      if (producer === undefined || !['Identity', 'Cast'].includes(producer.op_type)) {
        return undefined;
      }
      current = producer.input[0] ?? '';
    }
    return initializers.get(current);
  };

  /** A vector initializer, or undefined. */
  const vectorNamed = (name: string): Float32Array | undefined => {
    const init = resolve(name);
    return init !== undefined && init.dims.length === 1 ? floatValues(init) : undefined;
  };

  const sized = (values: Float32Array | undefined, length: number, what: string): Float32Array => {
    if (values === undefined || values.length !== length) {
      throw new OnnxFormatError(`${what}: not found where GPT-Neo has it (a vector of ${length})`);
    }
    return values;
  };

  /** The bias added to a product's result: Add(result, vector). */
  const biasAfter = (matmul: OnnxNode, length: number, what: string): Float32Array => {
    const add = (consumers.get(matmul.output[0] ?? '') ?? []).find((each) => each.op_type === 'Add');
    const other = add?.input.find((input) => input !== matmul.output[0]);
    return sized(other === undefined ? undefined : vectorNamed(other), length, `${what} bias`);
  };

  /** A layer norm's weight and bias, from the tensor it writes: LayerNormalization(x, w, b) or Add(Mul(x', w), b). */
  const layerNormOf = (output: string, what: string): [Float32Array, Float32Array] => {
    const last = producers.get(output);
    if (last?.op_type === 'LayerNormalization') {
      return [
        sized(vectorNamed(last.input[1] ?? ''), h, `${what} weight`),
        sized(vectorNamed(last.input[2] ?? ''), h, `${what} bias`),
      ];
    }
    if (last?.op_type === 'Add') {
      const biasInput = last.input.find((input) => vectorNamed(input) !== undefined);
      const mul = producers.get(last.input.find((input) => input !== biasInput) ?? '');
      const weightInput =
        mul?.op_type === 'Mul' ? mul.input.find((input) => vectorNamed(input) !== undefined) : undefined;
      if (biasInput !== undefined && weightInput !== undefined) {
        return [sized(vectorNamed(weightInput), h, `${what} weight`), sized(vectorNamed(biasInput), h, `${what} bias`)];
      }
    }
    throw new OnnxFormatError(`${what}: no layer norm (LayerNormalization, or Mul and Add) writes ${output}`);
  };

  const named = (name: string, dims: readonly number[]): Float32Array => {
    const init = initializers.get(name) ?? initializers.get(`model.${name}`);
    if (init === undefined) {
      throw new OnnxFormatError(`the export has no initializer ${name} (Hugging Face's parameter names are expected)`);
    }
    requireDims(init, dims);
    return floatValues(init);
  };

  /** A matrix initializer (see resolve), or undefined. */
  const stored = (name: string): OnnxTensor | undefined => {
    const init = resolve(name);
    return init !== undefined && init.dims.length === 2 ? init : undefined;
  };

  /** A MatMul's weight as [in, out]: an initializer, or the Transpose of one stored [out, in]. */
  const weightOf = (matmul: OnnxNode): { values: Float32Array; dims: [number, number] } | undefined => {
    const name = matmul.input[1] ?? '';
    const direct = stored(name);
    if (direct !== undefined) {
      const [rows, cols] = dimsOf(direct);
      return { values: floatValues(direct), dims: [rows, cols] };
    }
    const transpose = producers.get(name);
    const source = transpose?.op_type === 'Transpose' ? stored(transpose.input[0] ?? '') : undefined;
    const perm = transpose === undefined ? undefined : intsAttribute(transpose, 'perm');
    if (source !== undefined && (perm === undefined || (perm[0] === 1 && perm[1] === 0))) {
      const [rows, cols] = dimsOf(source);
      return { values: transposed(floatValues(source), rows, cols), dims: [cols, rows] };
    }
    return undefined;
  };

  const products = graph.node
    .filter((each) => each.op_type === 'MatMul' && (each.domain ?? '') === '')
    .map((matmul) => ({ matmul, weight: weightOf(matmul) }))
    .filter(
      (entry): entry is { matmul: OnnxNode; weight: NonNullable<ReturnType<typeof weightOf>> } =>
        entry.weight !== undefined,
    );
  // The output layer is one more product, [hidden, vocab], after the last layer (folded or over a Transpose).
  const isHead = ({ weight }: (typeof products)[number]) => weight.dims[0] === h && weight.dims[1] === vocabSize;
  const head = products.find(isHead);
  const layerProducts = products.filter((entry) => !isHead(entry));
  if (layerProducts.length !== 6 * numLayers) {
    throw new OnnxFormatError(
      `expected 6 weight products per layer (${6 * numLayers} for ${numLayers} layers), found ${layerProducts.length}`,
    );
  }
  const innerSize = layerProducts[4].weight.dims[1];

  const reaches = (start: OnnxNode, target: string): boolean => {
    const seen = new Set<OnnxNode>();
    const queue = [start];
    for (let steps = 0; queue.length > 0 && steps < 64; steps++) {
      const current = queue.shift()!;
      if (current.output.includes(target)) {
        return true;
      }
      for (const output of current.output) {
        for (const next of consumers.get(output) ?? []) {
          // Stay near: a reshape, transpose and concat lead from k_proj to present; attention goes further.
          if (!seen.has(next) && ['Reshape', 'Transpose', 'Concat', 'Cast', 'Identity'].includes(next.op_type)) {
            seen.add(next);
            queue.push(next);
          }
        }
      }
    }
    return false;
  };

  const layers: GptNeoLayerWeights[] = [];
  for (let i = 0; i < numLayers; i++) {
    const group = layerProducts.slice(6 * i, 6 * i + 6);
    const attention = group.slice(0, 3);
    if (new Set(attention.map(({ matmul }) => matmul.input[0])).size !== 1) {
      throw new OnnxFormatError(`layer ${i}: the first three weight products do not share their input (q, k, v)`);
    }
    const key = attention.find(({ matmul }) => reaches(matmul, `present.${i}.key`));
    const value = attention.find(({ matmul }) => reaches(matmul, `present.${i}.value`));
    const query = attention.find((entry) => entry !== key && entry !== value);
    if (key === undefined || value === undefined || query === undefined || key === value) {
      throw new OnnxFormatError(`layer ${i}: cannot tell q, k and v apart (k and v must lead to present.${i}.*)`);
    }
    const [out, fc, proj] = group.slice(3);
    for (const [what, entry, dims] of [
      ['q_proj', query, [h, h]],
      ['k_proj', key, [h, h]],
      ['v_proj', value, [h, h]],
      ['out_proj', out, [h, h]],
      ['c_fc', fc, [h, innerSize]],
      ['c_proj', proj, [innerSize, h]],
    ] as const) {
      if (entry.weight.dims[0] !== dims[0] || entry.weight.dims[1] !== dims[1]) {
        throw new OnnxFormatError(
          `layer ${i} ${what}: weight [${entry.weight.dims.join(', ')}], expected [${dims.join(', ')}]`,
        );
      }
    }
    const [ln1Weight, ln1Bias] = layerNormOf(query.matmul.input[0] ?? '', `layer ${i} ln_1`);
    const [ln2Weight, ln2Bias] = layerNormOf(fc.matmul.input[0] ?? '', `layer ${i} ln_2`);
    layers.push({
      ln1Weight,
      ln1Bias,
      qkv: sideBySide([query.weight.values, key.weight.values, value.weight.values], h, h),
      out: out.weight.values,
      outBias: biasAfter(out.matmul, h, `layer ${i} out_proj`),
      ln2Weight,
      ln2Bias,
      fc: fc.weight.values,
      fcBias: biasAfter(fc.matmul, innerSize, `layer ${i} c_fc`),
      proj: proj.weight.values,
      projBias: biasAfter(proj.matmul, h, `layer ${i} c_proj`),
    });
  }
  if (head === undefined) {
    throw new OnnxFormatError(`no output layer: a product of the last hidden state with a [${h}, ${vocabSize}] weight`);
  }
  const [lnfWeight, lnfBias] = layerNormOf(head.matmul.input[0] ?? '', 'ln_f');
  return {
    wte: named('transformer.wte.weight', [vocabSize, h]),
    wpe: named('transformer.wpe.weight', [config.maxPositionEmbeddings, h]),
    layers,
    lnfWeight,
    lnfBias,
    innerSize,
    layerNormEpsilon,
  };
}

/**
 * The decoder with past as one flat graph. optimum's merged decoder (decoder_model_merged.onnx) is a single If
 * on `use_cache_branch` whose branches read the outer graph's weights: one branch is the decoder with past (it
 * reads past_key_values.*), the other the first step's decoder without; the with-past branch is taken, its
 * results named as the If's (logits, present.{i}.key/.value). Any other graph is returned as it is.
 */
export function decoderWithPast(graph: OnnxGraph): OnnxGraph {
  const ifs = graph.node.filter((each) => each.op_type === 'If');
  if (ifs.length === 0) {
    return graph;
  }
  if (ifs.length > 1) {
    throw new OnnxFormatError(`${ifs.length} If nodes: a merged decoder has one (on use_cache_branch)`);
  }
  const merged = ifs[0];
  const pastInputs = new Set(
    graph.input.map((input) => input.name).filter((name) => name.startsWith('past_key_values.')),
  );
  const branches = merged.attribute
    .filter((attribute) => attribute.name === 'then_branch' || attribute.name === 'else_branch')
    .map((attribute) => attribute.g)
    .filter((branch): branch is OnnxGraph => branch !== undefined && branch !== null);
  const withPast = branches.filter((branch) => branch.node.some((each) => each.input.some((n) => pastInputs.has(n))));
  if (branches.length !== 2 || withPast.length !== 1) {
    throw new OnnxFormatError(
      'an If that is not a merged decoder (two branches, exactly one reading past_key_values.*)',
    );
  }
  const branch = withPast[0];
  if (branch.output.length !== merged.output.length) {
    throw new OnnxFormatError("the merged decoder's with-past branch does not give one result per If output");
  }
  const renames = branch.output
    .map((output, i) => ({ from: output.name, to: merged.output[i] }))
    .filter(({ from, to }) => from !== to)
    .map(({ from, to }) => node('Identity', [from], [to]));
  return {
    ...graph,
    node: [...graph.node.filter((each) => each !== merged), ...branch.node, ...renames],
    initializer: [...graph.initializer, ...branch.initializer],
  };
}

function requireDims(init: OnnxTensor, dims: readonly number[]): void {
  const actual = dimsOf(init);
  if (actual.length !== dims.length || actual.some((dim, i) => dim !== dims[i])) {
    throw new OnnxFormatError(`${init.name}: shape [${actual.join(', ')}], expected [${dims.join(', ')}]`);
  }
}

export function transposed(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      out[c * rows + r] = values[r * cols + c];
    }
  }
  return out;
}

/** Matrices [rows, cols] each, placed side by side: [rows, parts * cols]. */
export function sideBySide(parts: readonly Float32Array[], rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols * parts.length);
  parts.forEach((part, k) => {
    for (let r = 0; r < rows; r++) {
      out.set(part.subarray(r * cols, (r + 1) * cols), r * cols * parts.length + k * cols);
    }
  });
  return out;
}
