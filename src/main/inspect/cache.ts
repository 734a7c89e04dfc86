import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Evaluation, Predictions } from './evaluate'

/**
 * Results are cached per checkpoint under `runs/<id>/inspect/<checkpoint folder>/`: a new best
 * checkpoint (a resumed run) gets a fresh folder, so nothing stale is ever shown.
 */
const VERSION = 1

async function writeAtomic(file: string, data: string | Buffer): Promise<void> {
  // Unique per write: two requests for the same entry (two windows evaluating one run) both
  // write it, and each must rename its own file.
  const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`
  await writeFile(temp, data)
  await rename(temp, file)
}

/** Reads a JSON cache entry; a missing, damaged or older entry is a miss. */
export async function readJson<T>(dir: string, name: string): Promise<T | null> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, name), 'utf8')) as {
      version?: number
      value?: T
    }
    return parsed.version === VERSION && parsed.value !== undefined ? parsed.value : null
  } catch {
    return null
  }
}

export async function writeJson(dir: string, name: string, value: unknown): Promise<void> {
  await mkdir(dir, { recursive: true })
  await writeAtomic(join(dir, name), JSON.stringify({ version: VERSION, value }))
}

const EVALUATION = 'evaluation.json'
const PREDICTIONS = 'predictions.bin'

/** The test evaluation and the per-example predictions behind it. */
export async function readEvaluation(
  dir: string,
): Promise<{ evaluation: Evaluation; predictions: Predictions } | null> {
  const evaluation = await readJson<Evaluation & { k: number }>(dir, EVALUATION)
  if (!evaluation) return null
  try {
    const bin = await readFile(join(dir, PREDICTIONS))
    const { count: n, k } = evaluation
    if (bin.byteLength !== 4 * n * (2 + 2 * k)) return null
    const buf = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength)
    let at = 0
    const take = <T>(make: (b: ArrayBuffer, o: number, l: number) => T, len: number): T => {
      const v = make(buf, at, len)
      at += 4 * len
      return v
    }
    const predictions: Predictions = {
      count: n,
      k,
      labels: take((b, o, l) => new Int32Array(b, o, l), n),
      topClasses: take((b, o, l) => new Int32Array(b, o, l), n * k),
      topProbs: take((b, o, l) => new Float32Array(b, o, l), n * k),
      trueProbs: take((b, o, l) => new Float32Array(b, o, l), n),
    }
    return { evaluation, predictions }
  } catch {
    return null
  }
}

export async function writeEvaluation(
  dir: string,
  evaluation: Evaluation,
  p: Predictions,
): Promise<void> {
  await mkdir(dir, { recursive: true })
  const parts = [p.labels, p.topClasses, p.topProbs, p.trueProbs].map((a) =>
    Buffer.from(a.buffer, a.byteOffset, a.byteLength),
  )
  // Predictions first: the JSON is what marks the entry complete.
  await writeAtomic(join(dir, PREDICTIONS), Buffer.concat(parts))
  await writeJson(dir, EVALUATION, { ...evaluation, k: p.k })
}
