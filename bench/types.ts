/** One measured quantity of a benchmark, reported in bench/results/latest.json and the table. */
export interface BenchResult {
  /** What was measured, e.g. 'shape inference, ResNet-152 expanded'. */
  name: string
  /** The median (or the single figure when the measurement is one long run). */
  value: number
  /** 'ms', 'images/s', 'points/s', '%', … */
  unit: string
  /** How many samples the median was taken over. */
  samples: number
  /** The target from the issue, when there is one: `value < 5` is `{op: '<', value: 5}`. */
  target?: { op: '<' | '<=' | '>' | '>='; value: number }
  /** Anything a reader needs to interpret the figure: backend, batch size, ratio, … */
  detail?: string
}

/** A benchmark file `bench/<area>.bench.ts` default-exports one of these. */
export interface Bench {
  name: string
  run(): Promise<BenchResult[]>
}
