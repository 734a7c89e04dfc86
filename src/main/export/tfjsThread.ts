// Deep-stack thread entry (see engine/deepStack.ts): writes one tfjs export and answers with
// its files or why it failed.
import { parentPort, workerData } from 'node:worker_threads'
import { writeTfjsModel, type TfjsAnswer, type TfjsJob } from './tfjs'

const answer = (a: TfjsAnswer) => parentPort?.postMessage(a)
writeTfjsModel(workerData as TfjsJob).then(
  (files) => answer({ ok: true, files }),
  (e: unknown) => answer({ ok: false, message: e instanceof Error ? e.message : String(e) }),
)
