import { expect, test } from './fixtures'
import { EditorPage } from './pages/EditorPage'
import { HistoryPage } from './pages/HistoryPage'
import { TrainPage } from './pages/TrainPage'

// One story, as a person would do it: every step needs the runs of the one before.
test('train LeNet-5 on MNIST, watch it, queue a second LR and a third run, stop it, compare in history', async ({ app }) => {
  test.setTimeout(240_000)
  const editor = new EditorPage(app)
  const train = new TrainPage(app)
  const history = new HistoryPage(app)

  await editor.openLenetFromWelcome()
  await train.open()
  await expect(app.getByTestId('fit-ok')).toBeVisible()
  await expect(train.field('lr')).toHaveValue('0.1')
  await expect(train.field('batchSize')).toHaveValue('64')
  await expect(app.getByTestId('class-counts')).toContainText('7,877')
  await train.set({ epochs: '1', limit: '768' })
  await train.screenshot('train-01-form')

  const first = await train.start('LeNet lr 0.1')
  await train.waitForStatus('running', 60_000)
  await expect.poll(() => train.progressValue(), { timeout: 60_000 }).toBeGreaterThan(0)
  const seen = await train.curvePoints()
  await expect.poll(() => train.curvePoints(), { timeout: 60_000 }).toBeGreaterThan(Math.max(1, seen))
  await train.screenshot('train-02-live')
  await train.waitForStatus('completed')
  await expect(app.getByTestId('stat-test')).toHaveText(/^\d+\.\d\d%$/)
  await expect(app.getByTestId('toast').filter({ hasText: 'finished' })).toBeVisible()

  // A second learning rate, and a longer third run queued behind it.
  await train.set({ lr: '0.01' })
  const second = await train.start('LeNet lr 0.01')
  await train.set({ lr: '0.05', epochs: '5', limit: '4096' })
  const third = await train.start('LeNet long')
  await expect(train.queueItems).toHaveCount(1)
  await expect(train.queueItems.first()).toHaveAttribute('data-run-id', String(third))
  await train.screenshot('train-03-queue')

  // The third starts when the second ends; stop it while it trains.
  await expect(train.live).toHaveAttribute('data-run-id', String(third))
  await train.waitForStatus('running', 120_000)
  await expect.poll(() => train.progressValue(), { timeout: 60_000 }).toBeGreaterThan(0)
  await train.stop()
  await train.waitForStatus('stopped', 30_000)

  await history.open()
  await expect(history.rows).toHaveCount(3)
  await expect(history.row(first)).toHaveAttribute('data-status', 'completed')
  await expect(history.row(second)).toHaveAttribute('data-status', 'completed')
  await expect(history.row(third)).toHaveAttribute('data-status', 'stopped')
  await expect(history.testAccuracy(first)).toHaveText(/^\d+\.\d\d%$/)
  await history.openRun(third)
  await expect(app.getByTestId('run-reason')).toContainText('Stopped')
  await history.screenshot('history-01-table')

  await history.search('lr 0.01')
  await expect(history.rows).toHaveCount(1)
  await history.search('')
  await expect(history.rows).toHaveCount(3)

  await history.pick(first, second)
  await history.compare()
  await expect(history.hyperRow('lr')).toHaveAttribute('data-differs', 'true')
  await expect(history.hyperRow('lr')).toContainText('0.1')
  await expect(history.hyperRow('lr')).toContainText('0.01')
  await expect(history.hyperRow('batchSize')).toHaveAttribute('data-differs', 'false')
  await expect(app.getByTestId('overlay-chart').locator('canvas')).toBeVisible()
  await expect(app.getByTestId('arch-summary')).toHaveText(/The same architecture/)
  await history.chooseMetric('batch/loss')
  await history.screenshot('history-02-compare')
})
