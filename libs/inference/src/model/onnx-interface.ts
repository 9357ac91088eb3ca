import type { InferenceSession } from 'onnxruntime-node';

/**
 * What is wrong with a session's inputs and outputs compared with the expected names: missing inputs,
 * unexpected inputs (onnxruntime would refuse to run without them) and missing outputs. Empty when it fits.
 */
export function interfaceProblems(
  session: InferenceSession,
  expectedInputs: readonly string[],
  expectedOutputs: readonly string[],
): string[] {
  const missingInputs = expectedInputs.filter((name) => !session.inputNames.includes(name));
  const extraInputs = session.inputNames.filter((name) => !expectedInputs.includes(name));
  const missingOutputs = expectedOutputs.filter((name) => !session.outputNames.includes(name));
  return [
    missingInputs.length > 0 ? `missing inputs ${missingInputs.join(', ')}` : '',
    extraInputs.length > 0 ? `unexpected inputs ${extraInputs.join(', ')}` : '',
    missingOutputs.length > 0 ? `missing outputs ${missingOutputs.join(', ')}` : '',
  ].filter((problem) => problem !== '');
}
