import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { test, expect } from './fixtures'
import { ExportPage } from './pages/ExportPage'
import { HistoryPage } from './pages/HistoryPage'

interface Run {
  status: string
  params: number
  checkpoint: { epoch: number } | null
}
interface ExportRecord {
  id: number
  format: string
  path: string
  bytes: number | null
}

test('export a trained LeNet-5 from its run: ONNX path, download and exports list; a cancelled run offers its design alone', async ({
  app,
  blockwise,
}) => {
  test.setTimeout(300_000)
  const { design } = await blockwise.call<{ design: unknown }>('templates:get', { id: 'lenet5' })
  const hyperparameters = {
    epochs: 1,
    limit: 3000,
    batchSize: 32,
    optimizer: 'adam',
    lr: 0.002,
    seed: 1,
  }
  const { runId } = await blockwise.call<{ runId: number }>('runs:start', {
    design,
    datasetId: 'mnist',
    name: 'LeNet-5 export',
    hyperparameters,
  })
  // A second run waits in the queue; cancelled there, it never writes a checkpoint.
  const queued = await blockwise.call<{ runId: number; status: string }>('runs:start', {
    design,
    datasetId: 'mnist',
    name: 'never trained',
    hyperparameters,
  })
  expect(queued.status).toBe('queued')
  await blockwise.call('runs:cancel', { runId: queued.runId })
  await expect
    .poll(async () => (await blockwise.call<Run>('runs:get', { runId })).status, {
      timeout: 240_000,
      intervals: [1000],
    })
    .toBe('completed')

  // A fresh data directory greets with the welcome sheet over the editor.
  await app.getByTestId('welcome-blank').click()
  const history = new HistoryPage(app)
  await history.open()
  const ex = new ExportPage(app, await history.openRun(runId))
  await expect(ex.panel.getByTestId('export-list-empty')).toBeVisible()
  await expect(ex.format('pytorch')).toContainText('DistributedDataParallel')
  await expect(ex.format('onnx')).toContainText('onnxruntime')

  await ex.export('onnx')
  await expect(ex.result).toBeVisible()
  const expected = join(blockwise.home, 'exports', String(runId), 'onnx')
  const shownPath = await ex.path.innerText()
  expect(shownPath.startsWith(expected)).toBe(true)
  expect(shownPath).toMatch(/\.onnx$/)
  // The file is really there, every trained parameter in it as a float32.
  expect(existsSync(shownPath)).toBe(true)
  const { params } = await blockwise.call<Run>('runs:get', { runId })
  expect(params).toBeGreaterThan(40_000)
  expect(statSync(shownPath).size).toBeGreaterThan(4 * params)
  await expect(ex.rows).toHaveCount(1)
  await expect(ex.rows.first()).toHaveAttribute('data-format', 'onnx')
  await expect(ex.rows.first()).toContainText(shownPath)
  const listed = await blockwise.call<ExportRecord[]>('exports:list', { runId })
  expect(listed.map((e) => [e.format, e.path])).toEqual([['onnx', shownPath]])
  await ex.screenshot('export-01-onnx')

  // Serve mode offers the one file as a download, the same bytes.
  const [download] = await Promise.all([app.waitForEvent('download'), ex.download.click()])
  expect(download.suggestedFilename()).toMatch(/\.onnx$/)
  const saved = await download.path()
  expect(readFileSync(saved).equals(readFileSync(shownPath))).toBe(true)

  // A second format joins the list, newest first.
  await ex.export('design')
  await expect(ex.path).toContainText('.blockwise.json')
  await expect(ex.rows).toHaveCount(2)
  await expect(ex.rows.first()).toHaveAttribute('data-format', 'design')
  await ex.rows.last().scrollIntoViewIfNeeded()
  await ex.screenshot('export-02-list')

  // The cancelled run has no weights: the panel says so before anything is clicked.
  const never = new ExportPage(app, await history.openRun(queued.runId))
  await expect(never.unavailable).toContainText('stopped before its first checkpoint')
  await expect(never.format('onnx').locator('input')).toBeDisabled()
  await expect(never.format('design').locator('input')).toBeChecked()
  await expect(never.panel.getByTestId('export-list-empty')).toBeVisible()
})

test('a run stopped before its first checkpoint says so up front and offers its design alone', async ({
  app,
  blockwise,
}) => {
  const { design } = await blockwise.call<{ design: unknown }>('templates:get', { id: 'lenet5' })
  // A whole MNIST epoch in small batches: far longer than it takes to stop it.
  const { runId } = await blockwise.call<{ runId: number }>('runs:start', {
    design,
    datasetId: 'mnist',
    name: 'stopped early',
    hyperparameters: { epochs: 3, batchSize: 16, seed: 1 },
  })
  await blockwise.call('runs:stop', { runId })
  await expect
    .poll(async () => (await blockwise.call<Run>('runs:get', { runId })).status, {
      timeout: 60_000,
    })
    .toBe('stopped')
  expect((await blockwise.call<Run>('runs:get', { runId })).checkpoint).toBeNull()

  await app.getByTestId('welcome-blank').click()
  const history = new HistoryPage(app)
  await history.open()
  const ex = new ExportPage(app, await history.openRun(runId))
  await expect(ex.unavailable).toHaveText(
    'This run stopped before its first checkpoint; there are no trained weights to export. Re-run it to train a model.',
  )
  for (const format of ['onnx', 'tfjs', 'pytorch', 'keras']) {
    await expect(ex.format(format).locator('input')).toBeDisabled()
    await expect(ex.format(format)).toHaveClass(/unavailable/)
  }
  await expect(ex.format('design').locator('input')).toBeChecked()
  await expect(ex.button).toHaveText('Export Design')
  await ex.panel.scrollIntoViewIfNeeded()
  await ex.screenshot('export-03-no-checkpoint')

  // Clicking a disabled format changes nothing; the design exports.
  await ex.format('onnx').click({ force: true })
  await expect(ex.format('design').locator('input')).toBeChecked()
  await ex.button.click()
  await expect(ex.path).toContainText('.blockwise.json')
  await expect(ex.error).toHaveCount(0)
  await expect(ex.rows).toHaveCount(1)
  await expect(ex.rows.first()).toHaveAttribute('data-format', 'design')
})

test("a running run's model formats open up once its first epoch is checkpointed, without reopening it", async ({
  app,
  blockwise,
}) => {
  test.setTimeout(300_000)
  const { design } = await blockwise.call<{ design: unknown }>('templates:get', { id: 'lenet5' })
  const { runId } = await blockwise.call<{ runId: number }>('runs:start', {
    design,
    datasetId: 'mnist',
    name: 'first epoch',
    // Batches of 8: a whole MNIST epoch takes seconds even where training is fast.
    hyperparameters: { epochs: 2, batchSize: 8, seed: 1 },
  })
  await expect
    .poll(async () => (await blockwise.call<Run>('runs:get', { runId })).status, {
      timeout: 60_000,
    })
    .toBe('running')
  await app.getByTestId('welcome-blank').click()
  const history = new HistoryPage(app)
  await history.open()
  const ex = new ExportPage(app, await history.openRun(runId))
  // Opened within the first epoch (60,000 images take far longer than this) it waits for it.
  await expect(ex.unavailable).toHaveText(
    'No checkpoint yet: the model can be exported once the first epoch ends.',
  )
  await expect(ex.format('onnx').locator('input')).toBeDisabled()
  await expect(ex.format('onnx').locator('input')).toBeEnabled({ timeout: 240_000 })
  await expect(ex.unavailable).toHaveCount(0)
  // Nothing was picked while it waited: the default moves to ONNX with it.
  await expect(ex.format('onnx').locator('input')).toBeChecked()
  expect((await blockwise.call<Run>('runs:get', { runId })).checkpoint).toMatchObject({ epoch: 1 })
  await blockwise.call('runs:stop', { runId })
  await ex.export('onnx')
  await expect(ex.path).toContainText('.onnx')
})
