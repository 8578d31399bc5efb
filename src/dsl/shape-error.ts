// Runtime twin of the type-level ShapeError. RULE: every type-level verdict text has a runtime check that
// throws with the SAME words, followed by the shapes:
//   type    ShapeError<"matmul: inner dims differ (64 vs 32)", [32, 8, 64], [32, 10]>
//   runtime ShapeError: matmul: inner dims differ (64 vs 32): [32, 8, 64] and [32, 10]
// Runtime checks fire at graph-build time (when the op is called), so a `number` dim that hides a mismatch
// fails immediately, not inside a kernel.

export type Dims = readonly number[];

/** thrown by every op of src/dsl when shapes (or shape-like arguments such as axes) do not fit */
export class ShapeError extends Error {
  /** the message without the shapes: the same words as the type-level ShapeError<Msg, ...> */
  readonly rule: string;
  /** the shapes named in the message (0, 1 or 2 of them) */
  readonly shapes: readonly Dims[];
  constructor(rule: string, ...shapes: Dims[]) {
    super(shapes.length === 0 ? rule : `${rule}: ${shapes.map(formatShape).join(' and ')}`);
    this.name = 'ShapeError';
    this.rule = rule;
    this.shapes = shapes.map((s) => [...s]);
  }
}

/** thrown for bad non-shape arguments (dropout p, non-integer counts, ...); the message starts with the op name */
export class ArgumentError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'ArgumentError';
  }
}

/** "[32, 8, 64]" */
export function formatShape(s: Dims): string {
  return `[${s.join(', ')}]`;
}

/** throw ShapeError(rule, ...shapes) unless ok */
export function shapeCheck(ok: boolean, rule: string, ...shapes: Dims[]): void {
  if (!ok) throw new ShapeError(rule, ...shapes);
}

/** throw ArgumentError(message) unless ok */
export function argCheck(ok: boolean, message: string): void {
  if (!ok) throw new ArgumentError(message);
}
