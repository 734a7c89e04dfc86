// Child process for the crash test: writes metric batches forever and prints each batch number
// once its transaction has committed. The parent kills it with SIGKILL mid-loop.
import { openStore } from '..'

const [file, runIdText, batchSizeText] = process.argv.slice(2)
const store = openStore(file!)
const runId = Number(runIdText)
const batchSize = Number(batchSizeText ?? 200)
for (let batch = 0; ; batch++) {
  const points = []
  for (let i = 0; i < batchSize; i++) {
    const step = batch * batchSize + i
    points.push({ name: 'loss', step, epoch: batch, value: 1 / (step + 1), time: Date.now() })
    points.push({
      name: 'accuracy',
      step,
      epoch: batch,
      value: step % 97 === 0 ? NaN : 0.5,
      time: Date.now(),
    })
  }
  store.metrics.append(runId, points)
  process.stdout.write(`${batch}\n`)
}
