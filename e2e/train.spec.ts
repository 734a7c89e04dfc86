import { expect, test } from './fixtures'
import { EditorPage } from './pages/EditorPage'
import { HistoryPage } from './pages/HistoryPage'
import { TrainPage } from './pages/TrainPage'

// One story, as a person would do it: every step needs the runs of the one before.
test('train LeNet-5 on MNIST, watch it, queue a second LR and a third run, stop it, compare in history', async ({
  app,
}) => {
  test.setTimeout(240_000)
  const editor = new EditorPage(app)
  const train = new TrainPage(app)
  const history = new HistoryPage(app)

  await editor.openLenetFromWelcome()
  // A design that predicts 5 classes does not fit MNIST's 10: the Train view says so and adapts it.
  await editor.select('output')
  await editor.setParam('classes', '5')
  await train.open()
  await expect(app.getByTestId('fit-problem')).toContainText(
    'The design predicts 5 classes; MNIST has 10.',
  )
  await expect(app.getByTestId('start-run')).toBeDisabled()
  await app.getByTestId('adapt').click()
  await expect(app.getByTestId('fit-ok')).toBeVisible()
  await expect(train.field('lr')).toHaveValue('0.1')
  await expect(train.field('batchSize')).toHaveValue('64')
  await expect(app.getByTestId('class-counts')).toContainText('7,877')
  await train.set({ epochs: '1', limit: '768' })
  await train.screenshot('train-01-form')

  const first = await train.start('LeNet lr 0.1')
  await train.waitForStatus('running', 60_000)
  await expect.poll(() => train.progressValue(), { timeout: 60_000 }).toBeGreaterThan(0)
  await train.screenshot('train-02-live')
  await train.waitForStatus('completed')
  // However fast the run went, the live loss curve holds every batch: 768 / 64 = 12.
  await expect.poll(() => train.curvePoints()).toBe(12)
  await expect(app.getByTestId('stat-test')).toHaveText(/^\d+\.\d\d%$/)
  await expect(app.getByTestId('toast').filter({ hasText: 'finished' })).toBeVisible()
  // The panel names the backend, and the native kernels when they ran in front of it.
  await expect(app.getByTestId('live-backend')).toHaveText(/^ ?on (wasm|cpu)( \+ native kernels)?$/)
  const native = (await app.getByTestId('live-backend').textContent())!.includes('native')
  // What the status bar promised before the run is what the trainer got.
  await expect(app.getByTestId('status-backend')).toHaveText(
    native ? /^WebAssembly 4\.22\.0 \+ native kernels$/ : /^WebAssembly 4\.22\.0$/,
  )

  // A second learning rate, and a long third run (all of MNIST, 10 epochs) queued behind it.
  await train.set({ lr: '0.01' })
  const second = await train.start('LeNet lr 0.01')
  await train.set({ lr: '0.05', epochs: '10', limit: '' })
  const third = await train.start('LeNet long')
  await expect(train.queueItems).toHaveCount(1)
  await expect(train.queueItems.first()).toHaveAttribute('data-run-id', String(third))
  await train.screenshot('train-03-queue')

  // The third starts when the second ends; its curve grows while it trains; stop it.
  await expect(train.live).toHaveAttribute('data-run-id', String(third))
  await train.waitForStatus('running', 120_000)
  await expect.poll(() => train.progressValue(), { timeout: 60_000 }).toBeGreaterThan(0)
  const seen = await train.curvePoints()
  await expect.poll(() => train.curvePoints(), { timeout: 30_000 }).toBeGreaterThan(seen)
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
  await expect(app.getByTestId('detail-backend')).toHaveText(
    native
      ? /^wasm 4\.22\.0 \+ native kernels \((avx512|avx2|portable), \d+ threads?\)$/
      : /^wasm 4\.22\.0\s*$/,
  )
  await history.screenshot('history-01-table')

  await history.search('lr 0.01')
  await expect(history.rows).toHaveCount(1)
  await history.search('')
  await expect(history.rows).toHaveCount(3)

  // Tags and notes, then delete the stopped run (after a confirmation).
  await history.openRun(first)
  await app.getByTestId('tag-input').fill('baseline')
  await app.getByTestId('tag-input').press('Enter')
  await expect(app.getByTestId('tag')).toHaveText(['baseline×'])
  await app.getByTestId('history-tag').fill('baseline')
  await expect(history.rows).toHaveCount(1)
  await app.getByTestId('history-tag').fill('')
  await history.openRun(third)
  await app.getByTestId('delete-run').click()
  await expect(app.getByTestId('confirm-delete')).toContainText('Delete this run')
  await app.getByTestId('confirm-delete-yes').click()
  await expect(history.rows).toHaveCount(2)

  await history.pick(first, second)
  await history.compare()
  await expect(history.hyperRow('lr')).toHaveAttribute('data-differs', 'true')
  await expect(history.hyperRow('lr')).toContainText('0.1')
  await expect(history.hyperRow('lr')).toContainText('0.01')
  await expect(history.hyperRow('batchSize')).toHaveCount(0)
  await app.getByTestId('hyper-all').click()
  await expect(history.hyperRow('batchSize')).toHaveAttribute('data-differs', 'false')
  await expect(app.getByTestId('overlay-chart').locator('canvas')).toBeVisible()
  await expect(app.getByTestId('arch-summary')).toHaveText(/The same architecture/)
  await history.chooseMetric('batch/loss')
  await history.screenshot('history-02-compare')

  // Re-run the first with the same settings: it shows training, and its recipe equals the first's.
  await app.getByTestId('compare-close').click()
  await history.openRun(first)
  await app.getByTestId('rerun').click()
  await expect(app.getByTestId('train-view')).toBeVisible()
  await expect(train.live).toContainText('LeNet lr 0.1 (re-run)')
  const rerun = Number(await train.live.getAttribute('data-run-id'))
  // Its 12 batches may be done before the click lands; either way it has ended.
  await train.stop()
  await expect(train.status).toHaveText(/stopped|completed/, { timeout: 30_000 })
  await history.open()
  await history.pick(first, rerun)
  await history.compare()
  await expect(app.getByTestId('hyper-diff')).toContainText('Hyperparameters — all the same')

  // Back to the list: open the first run's design in the editor.
  await app.getByTestId('compare-close').click()
  await history.openRun(first)
  // The editor still holds the adapted LeNet, unsaved: opening another design asks first.
  app.once('dialog', (d) => void d.accept())
  await app.getByTestId('open-design').click()
  await expect(editor.node('c1')).toBeVisible()
})

test('paired ablation: ResNet-20 adapted to MNIST queues its plain twin; compare draws the architecture diff', async ({
  app,
}) => {
  const editor = new EditorPage(app)
  const train = new TrainPage(app)
  const history = new HistoryPage(app)
  await editor.startBlank()
  await editor.openTemplate('cifar-resnet20')
  await train.open()
  await expect(app.getByTestId('fit-problem')).toContainText(
    "The design takes 32×32×3 images; MNIST's are 28×28×1.",
  )
  await expect(train.field('weightDecay')).toHaveValue('0.0001')
  await expect(train.field('schedule')).toHaveValue('multiStep')
  await train.screenshot('train-04-adapt')
  await app.getByTestId('adapt').click()
  await expect(app.getByTestId('fit-ok')).toBeVisible()
  await train.set({ epochs: '1', limit: '64', batchSize: '16' })
  await app.getByTestId('train-with-twin').click()
  await expect(train.queueItems).toHaveCount(1)
  await expect(train.queueItems.first()).toContainText('(plain twin)')
  const twin = Number(await train.queueItems.first().getAttribute('data-run-id'))
  const original = Number(await train.live.getAttribute('data-run-id'))
  // One more behind it; move the twin down, then cancel both.
  const extra = await train.start('one more')
  await expect(train.queueItems).toHaveCount(2)
  await train.screenshot('train-05-twin-queued')
  await train.queueItems.first().getByTestId('queue-down').click()
  await expect(train.queueItems.nth(0)).toHaveAttribute('data-run-id', String(extra))
  await expect(train.queueItems.nth(1)).toHaveAttribute('data-run-id', String(twin))
  await train.queueItems.nth(0).getByTestId('queue-cancel').click()
  await expect(train.queueItems).toHaveCount(1)
  await train.queueItems.nth(0).getByTestId('queue-cancel').click()
  await expect(train.queueItems).toHaveCount(0)
  // The panel showed the cancelled run; with it ended, it goes back to the one training.
  await expect(train.live).toHaveAttribute('data-run-id', String(original))
  // Only the pair's designs matter here, not how far the original trains: stop it as it starts.
  await train.stop()
  await expect(train.status).toHaveText(/stopped|completed/, { timeout: 30_000 })

  await history.open()
  await history.pick(original, twin)
  await history.compare()
  await expect(history.hyperRow('design')).toHaveAttribute('data-differs', 'true')
  await expect(app.getByTestId('arch-summary')).toContainText('3 changed (stage1, stage2, stage3)')
  await expect(app.locator('.react-flow__node.diff-changed')).toHaveCount(3)
  await app.getByTestId('arch-diff').scrollIntoViewIfNeeded()
  await history.screenshot('history-03-arch-diff')
})
