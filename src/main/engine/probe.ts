import {
  parseTrainerMessage,
  ProbeJobSchema,
  type ProbeJobInput,
  type ProbeResult,
  type TrainerErrorKind,
} from './messages'
import { forkTrainer, type SpawnTrainer, type TrainerChannel } from './spawn'

export type { ProbeResult } from './messages'

/** Why a measurement gave no numbers; `cancelled` when a newer request or `close` replaced it. */
export class ProbeError extends Error {
  constructor(
    readonly kind: TrainerErrorKind | 'cancelled' | 'crashed' | 'timeout',
    message: string,
  ) {
    super(message)
  }
}

export interface ProberOptions {
  /** How the trainer process is started (Electron passes utilityProcess). */
  spawnTrainer?: SpawnTrainer
  /** A probe that has not answered after this long is killed. */
  timeoutMs?: number
}

/**
 * Measures training speed in a trainer process of its own (never in the core's event loop):
 * one probe at a time, a new request kills the one in flight. It reads the dataset cache and
 * writes nothing: no run, no store, no queue.
 */
export class Prober {
  private current: { child: TrainerChannel; reject: (e: ProbeError) => void } | null = null
  private readonly spawn: SpawnTrainer
  private readonly timeoutMs: number

  constructor(options: ProberOptions = {}) {
    this.spawn = options.spawnTrainer ?? forkTrainer
    this.timeoutMs = options.timeoutMs ?? 120_000
  }

  /** Times a few training steps of `job`'s design on its dataset. */
  probe(input: ProbeJobInput): Promise<ProbeResult> {
    this.cancel('a newer measurement replaced this one')
    const job = ProbeJobSchema.parse(input)
    return new Promise<ProbeResult>((resolve, reject) => {
      const child = this.spawn()
      let settled = false
      const finish = (f: () => void) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        if (this.current?.child === child) this.current = null
        f()
      }
      const fail = (e: ProbeError) =>
        finish(() => {
          child.kill()
          reject(e)
        })
      const timer = setTimeout(
        () => fail(new ProbeError('timeout', `no measurement after ${this.timeoutMs / 1000} s`)),
        this.timeoutMs,
      )
      this.current = { child, reject: fail }
      child.onMessage((raw) => {
        const parsed = parseTrainerMessage(raw)
        if (!parsed.ok) return fail(new ProbeError('protocol', parsed.error))
        const m = parsed.message
        if (m.type === 'probed') {
          const { type: _, ...result } = m
          finish(() => resolve(result))
        } else if (m.type === 'error') fail(new ProbeError(m.kind, m.message))
      })
      child.onExit(({ code, signal, detail }) =>
        fail(
          new ProbeError(
            'crashed',
            `the trainer ended (${signal ?? `code ${code}`}) without a measurement${detail ? `: ${detail.split('\n').slice(-3).join(' ')}` : ''}`,
          ),
        ),
      )
      child.send({ type: 'probe', job })
    })
  }

  /** Kills the probe in flight, if any; its promise rejects with `cancelled`. */
  cancel(why = 'cancelled'): void {
    this.current?.reject(new ProbeError('cancelled', why))
    this.current = null
  }

  close(): void {
    this.cancel('closing')
  }
}
