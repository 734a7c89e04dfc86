import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test, expect } from './fixtures'
import { InspectPage } from './pages/InspectPage'

interface RunDetail {
  status: string
  finalMetrics: { test?: { accuracy?: number | null }; confusionMatrix?: number[][] } | null
}

test('inspect a LeNet-5 trained on an MNIST subset: confusion matrix, cell images, filters, top-9, predict, feature maps', async ({
  app,
  blockwise,
}) => {
  test.setTimeout(300_000)
  const pageErrors: string[] = []
  app.on('pageerror', (e) => pageErrors.push(e.stack ?? e.message))
  const { design } = await blockwise.call<{ design: unknown }>('templates:get', { id: 'lenet5' })
  const { runId } = await blockwise.call<{ runId: number }>('runs:start', {
    design,
    datasetId: 'mnist',
    name: 'LeNet-5 small',
    hyperparameters: {
      epochs: 2,
      limit: 4000,
      batchSize: 32,
      optimizer: 'adam',
      lr: 0.005,
      seed: 1,
    },
  })
  let run: RunDetail | undefined
  await expect
    .poll(async () => (run = await blockwise.call<RunDetail>('runs:get', { runId })).status, {
      timeout: 240_000,
      intervals: [1000],
    })
    .toBe('completed')

  const inspect = new InspectPage(app)
  await inspect.openFromHistory(runId)
  await expect(inspect.matrix).toBeVisible({ timeout: 90_000 })
  // The inspector's evaluation of the best checkpoint: two epochs, so the best is the last one
  // when validation improved; then it equals the trainer's own end-of-run matrix.
  const shown = await inspect.matrixCounts(10)
  expect(shown.flat().reduce((a, b) => a + b, 0)).toBe(10_000)
  const top1 = Number((await app.getByTestId('eval-top1').innerText()).replace('%', '')) / 100
  expect(top1).toBeGreaterThan(0.3)
  const trainer = run!.finalMetrics!
  const diagonal = shown.reduce((s, row, i) => s + row[i]!, 0)
  expect(diagonal / 10_000).toBeCloseTo(top1, 4)
  if (Math.abs((trainer.test?.accuracy ?? 0) - top1) < 1e-9)
    expect(shown).toEqual(trainer.confusionMatrix)
  await inspect.screenshot('inspect-01-evaluation')

  // The largest off-diagonal cell: its images, each predicted as that column's class.
  let worst = { t: 0, p: 1, n: -1 }
  shown.forEach((row, t) => row.forEach((n, p) => t !== p && n > worst.n && (worst = { t, p, n })))
  await inspect.cell(worst.t, worst.p).click()
  await expect(app.getByTestId('cell-images')).toBeVisible()
  await expect(inspect.cellImages).toHaveCount(Math.min(60, worst.n))
  await inspect.screenshot('inspect-02-cell')

  await inspect.tab('filters')
  await expect(inspect.filtersGrid, pageErrors.join('\n')).toBeVisible()
  await expect(inspect.filtersGrid).toHaveAttribute('data-filters', '6') // c1: six 5×5 filters
  await expect(inspect.filtersGrid.locator('img')).toHaveCount(6)
  await inspect.screenshot('inspect-03-filters')
  await app.getByTestId('filters-layer').selectOption('c3')
  await expect(inspect.filtersGrid).toHaveAttribute('data-filters', '16')
  await expect(inspect.filtersGrid).toHaveAttribute('data-channels', '6')
  await inspect.screenshot('inspect-04-filters-c3')

  // A click on a filter finds its top-9 validation patches.
  await app.getByTestId('filter-3').click()
  await expect(inspect.patches).toHaveCount(9, { timeout: 90_000 })
  await inspect.screenshot('inspect-05-top9')

  await inspect.tab('predict')
  await app.getByTestId('test-image-0').click()
  await expect(app.getByTestId('prediction-class')).toHaveCount(5)
  await inspect.screenshot('inspect-06-predict')
  // A dropped file goes through the same preprocessing: an image file of the same digit.
  const png = await blockwise.call<{ samples: { image: string }[] }>('datasets:samples', {
    id: 'mnist',
    split: 'test',
    offset: 0,
    count: 1,
  })
  const file = join(blockwise.home, 'digit.png')
  writeFileSync(file, Buffer.from(png.samples[0]!.image.split(',')[1]!, 'base64'))
  const before = await app.getByTestId('prediction-class').allInnerTexts()
  await app.getByTestId('image-file').setInputFiles(file)
  await expect(app.getByTestId('prediction').locator('.iv-input img')).toBeVisible()
  await expect.poll(() => app.getByTestId('prediction-class').allInnerTexts()).toEqual(before)

  await inspect.tab('maps')
  await app.getByTestId('test-image-0').click()
  await expect(app.getByTestId('feature-maps').locator('img')).toHaveCount(6)
  await inspect.screenshot('inspect-07-feature-maps')
  await app.getByTestId('inspect-close').click()
  await expect(inspect.view).toBeHidden()
  expect(pageErrors).toEqual([])
})

test('a run without a checkpoint cannot be inspected and says why; once trained, it can', async ({
  app,
  blockwise,
}) => {
  test.setTimeout(180_000)
  const { design } = await blockwise.call<{ design: unknown }>('templates:get', { id: 'lenet5' })
  const first = await blockwise.call<{ runId: number }>('runs:start', {
    design,
    datasetId: 'mnist',
    // A whole MNIST epoch: the run queued behind it stays queued while the spec looks at it,
    // and its own panel is usually opened before its first checkpoint.
    hyperparameters: { epochs: 1 },
  })
  const queued = await blockwise.call<{ runId: number }>('runs:start', {
    design,
    datasetId: 'mnist',
    hyperparameters: { epochs: 1, limit: 64 },
  })
  const inspectButton = app.getByTestId('inspect-run')
  const openRun = async (runId: number): Promise<void> => {
    await app.locator(`[data-testid="run-row"][data-run-id="${runId}"]`).click()
    await expect(app.getByTestId('run-detail')).toHaveAttribute('data-run-id', String(runId))
  }
  await app.getByTestId('welcome-blank').click()
  await app.getByTestId('view-history').click()

  // Waiting behind the first run: no checkpoint, so Inspect is off and its tooltip says when.
  await openRun(queued.runId)
  await expect(inspectButton).toBeDisabled()
  await expect(inspectButton).toHaveAttribute(
    'title',
    /has not started yet; it can be inspected once its first epoch ends|No checkpoint yet/,
  )
  await new InspectPage(app).screenshot('inspect-08-no-checkpoint')
  // Cancelled before any epoch: still nothing to inspect, and the reason follows the status.
  await blockwise.call('runs:cancel', { runId: queued.runId })
  await expect(inspectButton).toHaveAttribute(
    'title',
    'This run stopped before its first checkpoint; there is no trained model to inspect. Re-run it to train a model.',
  )
  await expect(inspectButton).toBeDisabled()

  // The first run's panel, open while it trains, turns Inspect on once its checkpoint exists.
  await openRun(first.runId)
  if (await inspectButton.isDisabled())
    await expect(inspectButton).toHaveAttribute('title', /has not started yet|No checkpoint yet/)
  await expect(inspectButton).toBeEnabled({ timeout: 120_000 })
  await expect(inspectButton).toHaveAttribute('title', /^Evaluation, predictions/)
  // Inspected once it has finished: while it trains, the next epoch may replace the checkpoint
  // being evaluated (the trainer keeps only the best and the last).
  await expect(app.getByTestId('run-detail').locator('.run-status')).toHaveText('completed', {
    timeout: 120_000,
  })
  await inspectButton.click()
  await expect(app.getByTestId('inspect-view')).toHaveAttribute('data-run-id', String(first.runId))
  // The view evaluates the run itself; ask the API only once that is done (and cached).
  await expect(app.getByTestId('confusion-matrix')).toBeVisible({ timeout: 120_000 })
  await expect(app.getByTestId('inspect-error')).toHaveCount(0)
  const evaluation = await blockwise.call<{ count: number; top1: number }>('inspect:evaluation', {
    runId: first.runId,
  })
  expect(evaluation.count).toBe(10_000)
})
