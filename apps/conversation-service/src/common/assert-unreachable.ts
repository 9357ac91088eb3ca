/** Makes a switch over a union exhaustive: adding a member without a case fails the type-check. */
export function assertUnreachable(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}
