import { type OnnxModel, node, tensor, toNumber } from './onnx-model';

/** The engine graph's output of each row's softmax normalizer, log(sum(exp(logits))), [batch]. */
export const LOGSUMEXP_OUTPUT = 'logits_logsumexp';

/**
 * Adds LOGSUMEXP_OUTPUT next to the graph's `logits` [batch, vocab] output, unless it is there: the
 * normalizer every generated token's reported probability needs, computed by onnxruntime's vectorised
 * kernels (under 1 ms for 32 rows of 50,257 logits, against ~30 ms in a JavaScript loop when the rows are
 * flat). Shifted by the row's largest logit, so nothing overflows. Returns whether it added it.
 */
export function addLogSumExpOutput(model: OnnxModel): boolean {
  const graph = model.graph;
  if (graph.output.some((output) => output.name === LOGSUMEXP_OUTPUT)) {
    return false;
  }
  if (!graph.output.some((output) => output.name === 'logits')) {
    throw new Error('the graph has no logits output');
  }
  // ReduceMax takes its axes as an attribute up to opset 17, as an input from 18 on.
  const opset = toNumber(model.opset_import.find((entry) => (entry.domain ?? '') === '')?.version);
  const axis = `${LOGSUMEXP_OUTPUT}_axis`;
  graph.initializer.push(tensor(axis, [1], BigInt64Array.from([1n])));
  const name = (part: string): string => `${LOGSUMEXP_OUTPUT}_${part}`;
  graph.node.push(
    opset >= 18
      ? node('ReduceMax', ['logits', axis], [name('max')], { keepdims: 1 })
      : node('ReduceMax', ['logits'], [name('max')], { axes: [1], keepdims: 1 }),
    node('Sub', ['logits', name('max')], [name('shifted')]),
    node('Exp', [name('shifted')], [name('exp')]),
    node('ReduceSum', [name('exp'), axis], [name('sum')], { keepdims: 1 }),
    node('Log', [name('sum')], [name('log')]),
    node('Add', [name('log'), name('max')], [name('keepdims')]),
    node('Squeeze', [name('keepdims'), axis], [LOGSUMEXP_OUTPUT]),
  );
  graph.output.push({
    name: LOGSUMEXP_OUTPUT,
    type: { tensor_type: { elem_type: 1, shape: { dim: [{ dim_param: 'batch_size' }] } } },
  });
  return true;
}
