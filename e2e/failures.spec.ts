import { expect, test } from './fixtures'
import { trainerPids } from './harness/processes'
import { EditorPage } from './pages/EditorPage'
import { HistoryPage } from './pages/HistoryPage'
import { TrainPage } from './pages/TrainPage'

test('a run whose loss explodes ends diverged, and the run says why', async ({ app }) => {
  test.setTimeout(180_000)
  const editor = new EditorPage(app)
  const train = new TrainPage(app)
  const history = new HistoryPage(app)

  // LeNet-5 with linear units (tanh saturates rather than blowing up) and the largest rate.
  await editor.openLenetFromWelcome()
  for (const id of ['c1_tanh', 'c3_tanh', 'c5_tanh', 'f6_tanh']) {
    await editor.select(id)
    await app.getByTestId('param-fn').selectOption('linear')
  }
  await train.open()
  await train.set({ lr: '10', momentum: '0.99', batchSize: '32', epochs: '1', limit: '4096' })
  const run = await train.start('too hot')
  await train.waitForStatus('diverged', 120_000)

  await history.open()
  await expect(history.row(run)).toHaveAttribute('data-status', 'diverged')
  await history.openRun(run)
  await expect(app.getByTestId('run-reason')).toContainText('exploded far above where it started')
  await expect(app.getByTestId('run-reason')).toContainText(
    /loss (became (NaN|Infinity|-Infinity)|rose to \S+, over 1000× its early \S+, for 5 batches in a row) at epoch 1, step \d+/,
  )
  await expect(app.getByTestId('run-reason')).toContainText('lower the learning rate')
  await history.screenshot('failures-01-diverged')
})

test('a trainer killed mid-run ends crashed, keeping the curve it had drawn', async ({
  app,
  blockwise,
}) => {
  test.skip(process.platform !== 'linux', 'finds the trainer process through /proc')
  test.setTimeout(180_000)
  const editor = new EditorPage(app)
  const train = new TrainPage(app)
  const history = new HistoryPage(app)

  await editor.openLenetFromWelcome()
  await train.open()
  await train.set({ epochs: '20', limit: '8192' })
  const run = await train.start('killed')
  await train.waitForStatus('running', 60_000)
  await expect.poll(() => train.curvePoints(), { timeout: 60_000 }).toBeGreaterThan(2)

  const pids = trainerPids(blockwise.home)
  expect(pids).toHaveLength(1)
  process.kill(pids[0]!, 'SIGKILL')
  await train.waitForStatus('crashed', 10_000)

  await history.open()
  await expect(history.row(run)).toHaveAttribute('data-status', 'crashed')
  await history.openRun(run)
  await expect(app.getByTestId('run-reason')).toContainText(
    'The trainer process ended unexpectedly',
  )
  await expect(app.getByTestId('run-reason')).toContainText('SIGKILL')
  // Every batch the trainer reported before it died is still in the store.
  const { series } = await blockwise.call<{ series: { name: string; total: number }[] }>(
    'runs:metrics',
    { runId: run },
  )
  expect(series.find((s) => s.name === 'batch/loss')?.total ?? 0).toBeGreaterThan(2)
})
