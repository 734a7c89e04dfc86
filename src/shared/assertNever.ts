/**
 * The default of an exhaustive switch: the compiler proves it unreachable, and should a value
 * arrive that the types ruled out (bad data across a boundary), it fails loudly saying what.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`)
}
