import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import NodeEnvironment from 'jest-environment-node';

/**
 * Jest environment for specs that run onnxruntime-node.
 *
 * Jest gives each spec its own realm, but onnxruntime-node's native code creates output
 * tensors with the outer realm's typed arrays, and onnxruntime-common then rejects them
 * (`instanceof Float32Array` is false across realms). Sharing the typed-array constructors
 * makes both sides agree. Use with a docblock in the spec:
 * `@jest-environment ./libs/inference/src/testing/onnxruntime-node.environment.ts`.
 */
export default class OnnxRuntimeNodeEnvironment extends NodeEnvironment {
  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    Object.assign(this.global, {
      ArrayBuffer,
      Float32Array,
      Float64Array,
      Int8Array,
      Uint8Array,
      Uint8ClampedArray,
      Int16Array,
      Uint16Array,
      Int32Array,
      Uint32Array,
      BigInt64Array,
      BigUint64Array,
    });
  }
}
