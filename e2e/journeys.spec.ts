import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from './fixtures'
import { EditorPage } from './pages/EditorPage'
import { ExportPage } from './pages/ExportPage'
import { HistoryPage } from './pages/HistoryPage'
import { InspectPage } from './pages/InspectPage'
import { dropFile, writeColourFolder, writeDigitOne } from './pages/JourneyHelpers'
import { TrainPage } from './pages/TrainPage'

// Whole journeys of a new user, each from a fresh data directory, clicked through as a person
// would. Tiny limits keep them to about a minute each on a loaded machine.

const PERCENT = /^\d+\.\d\d%$/

test('first start: welcome → LeNet-5 → one epoch on an MNIST subset → History shows its accuracy → ONNX export', async ({
  app,
}) => {
  test.setTimeout(180_000)
  const editor = new EditorPage(app)
  const train = new TrainPage(app)
  const history = new HistoryPage(app)

  await expect(app.getByTestId('welcome')).toBeVisible()
  await editor.openLenetFromWelcome()
  await train.open()
  await expect(app.getByTestId('dataset-select')).toHaveValue('mnist')
  await expect(app.getByTestId('fit-ok')).toBeVisible()
  await train.set({ epochs: '1', limit: '1024' })
  const runId = await train.start('first LeNet')
  await train.waitForStatus('completed', 150_000)
  await expect(app.getByTestId('stat-test')).toHaveText(PERCENT)
  const shown = await app.getByTestId('stat-test').innerText()

  await history.open()
  await expect(history.rows).toHaveCount(1)
  await expect(history.row(runId)).toHaveAttribute('data-status', 'completed')
  await expect(history.row(runId)).toContainText('first LeNet')
  await expect(history.testAccuracy(runId)).toHaveText(shown)

  const ex = new ExportPage(app, await history.openRun(runId))
  await ex.export('onnx')
  await expect(ex.result).toBeVisible()
  const file = await ex.path.innerText()
  expect(file).toMatch(/\.onnx$/)
  expect(existsSync(file)).toBe(true)
  expect(statSync(file).size).toBeGreaterThan(4 * 40_000) // LeNet-5's ~60k float32 weights
  await expect(ex.rows).toHaveCount(1)
})

test('own images: import a folder of PNGs → ResNet-20 adapted to it → trains with its plain twin → Compare shows both', async ({
  app,
  blockwise,
}) => {
  test.setTimeout(240_000)
  const editor = new EditorPage(app)
  const train = new TrainPage(app)
  const history = new HistoryPage(app)

  const folder = join(blockwise.home, 'my-colours')
  await writeColourFolder(folder, 16)

  await app.getByTestId('welcome-templates').click()
  await app.getByTestId('template-cifar-resnet20').click()
  await expect(app.getByTestId('templates')).toBeHidden()
  await expect(editor.node('output')).toBeAttached()
  await train.open()
  // Imported from the dataset picker while the app is open: no reload, and it is chosen.
  await app.getByTestId('import-dataset').click()
  await app.getByTestId('import-path').fill(folder)
  await app.getByTestId('import-format').selectOption('folder')
  await app.getByTestId('import-name').fill('colours')
  await app.getByTestId('import-start').click()
  await expect(app.getByTestId('import-dialog')).toBeHidden()
  await expect(app.locator('[data-testid="dataset-select"] option:checked')).toHaveText('colours — 32×32×3, 3 classes')
  await expect(app.getByTestId('class-counts')).toContainText('blue')
  await expect(app.getByTestId('fit-problem')).toContainText('3')
  await expect(app.getByTestId('start-run')).toBeDisabled()
  await app.getByTestId('adapt').click()
  await expect(app.getByTestId('fit-ok')).toBeVisible()
  await train.set({ epochs: '1', limit: '64', batchSize: '32' })
  await app.getByTestId('run-name').fill('colours resnet')
  await app.getByTestId('train-with-twin').click()
  await expect(train.live).toBeVisible()
  const original = Number(await train.live.getAttribute('data-run-id'))
  await expect(train.queueItems).toHaveCount(1)
  await expect(train.queueItems.first()).toContainText('(plain twin)')
  const twin = Number(await train.queueItems.first().getAttribute('data-run-id'))

  // The twin starts when the original ends; both complete.
  await expect(train.live).toHaveAttribute('data-run-id', String(twin), { timeout: 150_000 })
  await train.waitForStatus('completed', 150_000)

  await history.open()
  await expect(history.rows).toHaveCount(2)
  await expect(history.row(original)).toHaveAttribute('data-status', 'completed')
  await expect(history.row(twin)).toHaveAttribute('data-status', 'completed')
  await expect(history.row(original)).toContainText('colours resnet')
  await expect(history.testAccuracy(original)).toHaveText(PERCENT)
  await expect(history.testAccuracy(twin)).toHaveText(PERCENT)
  await history.pick(original, twin)
  await history.compare()
  const compare = app.getByTestId('compare')
  await expect(compare).toContainText('Comparing 2 runs')
  await expect(compare).toContainText('#1 ResNet-20 (CIFAR)')
  await expect(compare).toContainText('#2 ResNet-20 (CIFAR) (plain twin)')
  await expect(history.hyperRow('design')).toHaveAttribute('data-differs', 'true')
  await expect(app.getByTestId('arch-summary')).toContainText('3 changed')
  await expect(app.getByTestId('overlay-chart').locator('canvas')).toBeVisible()
})

test('from scratch: drag input → conv2d → dense → output, fix the flatten error, train on MNIST, predict a dropped image', async ({
  app,
  blockwise,
}) => {
  test.setTimeout(180_000)
  const editor = new EditorPage(app)
  const train = new TrainPage(app)
  const history = new HistoryPage(app)
  const inspect = new InspectPage(app)

  await editor.startBlank()
  await expect(editor.node('output')).toBeVisible()
  await editor.dragFromPalette('conv2d', 260, 200)
  await expect(editor.node('conv2d_1')).toBeVisible()
  await editor.dragFromPalette('dense', 260, 420)
  await expect(editor.node('dense_1')).toBeVisible()
  await editor.connect('input', 'conv2d_1')
  await editor.connect('conv2d_1', 'dense_1')
  await editor.connect('dense_1', 'output')
  await expect(editor.shape('conv2d_1')).toHaveText('28×28×32')
  // A lighter conv for a quick first run.
  await editor.select('conv2d_1')
  await editor.setParam('filters', '8')
  await expect(editor.shape('conv2d_1')).toHaveText('28×28×8')

  const problem = app.locator('[data-testid="diagnostic"][data-code="needs-flatten"]').first()
  await expect(problem).toContainText('insert a flatten')
  await expect(app.getByTestId('badge-dense_1')).toBeVisible()
  await problem.getByTestId('fix-needs-flatten').click()
  await expect(editor.node('flatten_1')).toBeVisible()
  await expect(editor.shape('flatten_1')).toHaveText(String(28 * 28 * 8))
  await expect(app.getByTestId('badge-dense_1')).toHaveCount(0)

  await train.open()
  await expect(app.getByTestId('dataset-select')).toHaveValue('mnist')
  await expect(app.getByTestId('fit-ok')).toBeVisible()
  await train.set({ epochs: '1', limit: '512' })
  const runId = await train.start('my first net')
  await train.waitForStatus('completed', 150_000)

  await history.open()
  await expect(history.testAccuracy(runId)).toHaveText(PERCENT)
  await history.openRun(runId)
  await app.getByTestId('inspect-run').click()
  await expect(inspect.view).toHaveAttribute('data-run-id', String(runId))
  await inspect.tab('predict')
  const png = join(blockwise.home, 'one.png')
  await writeDigitOne(png)
  await dropFile(app, '[data-testid="image-drop"]', readFileSync(png), 'one.png', 'image/png')
  await expect(app.getByTestId('prediction').locator('.iv-input img')).toBeVisible()
  await expect(app.getByTestId('prediction-class')).toHaveCount(5)
  await expect(app.getByTestId('prediction-class').first()).toHaveText(/\d/)
})

test('a dataset imported elsewhere while the app is open shows in the Train view without a reload', async ({
  app,
  blockwise,
}) => {
  // The Train view stays mounted while hidden; it lists the datasets again each time it shows.
  await new EditorPage(app).startBlank()
  const train = new TrainPage(app)
  await train.open()
  await app.getByTestId('view-editor').click()
  const folder = join(blockwise.home, 'late-colours')
  await writeColourFolder(folder, 4)
  const dataset = await blockwise.call<{ id: string }>('datasets:import', {
    path: folder,
    name: 'late colours',
    format: 'folder',
    size: 32,
  })
  await train.open()
  await expect(app.locator(`[data-testid="dataset-select"] option[value="${dataset.id}"]`)).toBeAttached()
})
