/**
 * Whether a run's loss has diverged: not finite, or above `factor` × its early level for `run`
 * batches in a row. The early level is the lowest loss of the first `window` batches, so a loss
 * that explodes in its second batch still compares against where it started.
 */
export class LossWatch {
  private level = Infinity
  private seen = 0
  private above = 0

  constructor(
    private readonly factor: number,
    private readonly window = 10,
    private readonly run = 5,
  ) {}

  /** Null while the loss is fine; else why it diverged, in words. */
  see(loss: number): string | null {
    if (!Number.isFinite(loss)) return `the loss became ${loss}`
    if (this.seen < this.window) {
      this.seen += 1
      this.level = Math.min(this.level, loss)
    }
    if (this.factor <= 0 || this.level <= 0) return null
    this.above = loss > this.factor * this.level ? this.above + 1 : 0
    if (this.above < this.run) return null
    return `the loss rose to ${loss.toPrecision(3)}, over ${this.factor}× its early ${this.level.toPrecision(3)}, for ${this.run} batches in a row`
  }
}
