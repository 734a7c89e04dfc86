import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, skipWithoutShell, test } from './appFixture'
import { EditorPage } from './pages/EditorPage'
import { ExportPage } from './pages/ExportPage'
import { HistoryPage } from './pages/HistoryPage'
import { InspectPage } from './pages/InspectPage'
import { dropFile, writeColourFolder, writeDigitOne } from './pages/JourneyHelpers'
import { TrainPage } from './pages/TrainPage'

// Whole journeys of a new user, each from a fresh data directory, clicked through as a person
// would, in the browser (serve project) and in the desktop app (electron project). Tiny limits
// keep them to about a minute each on a loaded machine.

skipWithoutShell(test)

const PERCENT = /^\d+\.\d\d%$/

test('first start: welcome → LeNet-5 → one epoch on an MNIST subset → History shows its accuracy → ONNX export', async ({
  app,
}) => {
  test.setTimeout(180_000)
  const { page } = app
  const editor = new EditorPage(page)
  const train = new TrainPage(page)
  const history = new HistoryPage(page)

  await expect(page.getByTestId('welcome')).toBeVisible()
  await editor.openLenetFromWelcome()
  await train.open()
  await expect(page.getByTestId('dataset-select')).toHaveValue('mnist')
  await expect(page.getByTestId('fit-ok')).toBeVisible()
  await train.set({ epochs: '1', limit: '1024' })
  const runId = await train.start('first LeNet')
  await train.waitForStatus('completed', 150_000)
  await expect(page.getByTestId('stat-test')).toHaveText(PERCENT)
  const shown = await page.getByTestId('stat-test').innerText()

  await history.open()
  await expect(history.rows).toHaveCount(1)
  await expect(history.row(runId)).toHaveAttribute('data-status', 'completed')
  await expect(history.row(runId)).toContainText('first LeNet')
  await expect(history.testAccuracy(runId)).toHaveText(shown)

  const ex = new ExportPage(page, await history.openRun(runId))
  const onnx = await app.exportAndTake(ex, 'onnx')
  expect(onnx.path).toMatch(/\.onnx$/)
  expect(onnx.bytes.length).toBeGreaterThan(4 * 40_000) // LeNet-5's ~60k float32 weights
  await expect(ex.rows).toHaveCount(1)
  await expect(ex.rows.first()).toHaveAttribute('data-format', 'onnx')
})

test('own images: import a folder of PNGs → ResNet-20 adapted to it → trains with its plain twin → Compare shows both', async ({
  app,
}) => {
  test.setTimeout(240_000)
  const { page } = app
  const editor = new EditorPage(page)
  const train = new TrainPage(page)
  const history = new HistoryPage(page)

  const folder = join(app.home, 'my-colours')
  await writeColourFolder(folder, 16)

  await page.getByTestId('welcome-templates').click()
  await page.getByTestId('template-cifar-resnet20').click()
  await expect(page.getByTestId('templates')).toBeHidden()
  await expect(editor.node('output')).toBeAttached()
  await train.open()
  // Imported from the dataset picker while the app is open: no reload, and it is chosen.
  await page.getByTestId('import-dataset').click()
  await app.chooseImportFolder(folder)
  await page.getByTestId('import-format').selectOption('folder')
  await page.getByTestId('import-name').fill('colours')
  await page.getByTestId('import-start').click()
  await expect(page.getByTestId('import-dialog')).toBeHidden()
  await expect(page.locator('[data-testid="dataset-select"] option:checked')).toHaveText(
    'colours — 32×32×3, 3 classes',
  )
  await expect(page.getByTestId('class-counts')).toContainText('blue')
  await expect(page.getByTestId('fit-problem')).toContainText('3')
  await expect(page.getByTestId('start-run')).toBeDisabled()
  await page.getByTestId('adapt').click()
  await expect(page.getByTestId('fit-ok')).toBeVisible()
  await train.set({ epochs: '1', limit: '64', batchSize: '32' })
  await page.getByTestId('run-name').fill('colours resnet')
  await page.getByTestId('train-with-twin').click()
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
  const compare = page.getByTestId('compare')
  await expect(compare).toContainText('Comparing 2 runs')
  await expect(compare).toContainText('#1 ResNet-20 (CIFAR)')
  await expect(compare).toContainText('#2 ResNet-20 (CIFAR) (plain twin)')
  await expect(history.hyperRow('design')).toHaveAttribute('data-differs', 'true')
  await expect(page.getByTestId('arch-summary')).toContainText('3 changed')
  await expect(page.getByTestId('overlay-chart').locator('canvas')).toBeVisible()
})

test('from scratch: drag input → conv2d → dense → output, fix the flatten error, train on MNIST, predict a dropped image', async ({
  app,
}) => {
  test.setTimeout(180_000)
  const { page } = app
  const editor = new EditorPage(page)
  const train = new TrainPage(page)
  const history = new HistoryPage(page)
  const inspect = new InspectPage(page)

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

  const problem = page.locator('[data-testid="diagnostic"][data-code="needs-flatten"]').first()
  await expect(problem).toContainText('insert a flatten')
  await expect(page.getByTestId('badge-dense_1')).toBeVisible()
  await problem.getByTestId('fix-needs-flatten').click()
  await expect(editor.node('flatten_1')).toBeVisible()
  await expect(editor.shape('flatten_1')).toHaveText(String(28 * 28 * 8))
  await expect(page.getByTestId('badge-dense_1')).toHaveCount(0)

  await train.open()
  await expect(page.getByTestId('dataset-select')).toHaveValue('mnist')
  await expect(page.getByTestId('fit-ok')).toBeVisible()
  await train.set({ epochs: '1', limit: '512' })
  const runId = await train.start('my first net')
  await train.waitForStatus('completed', 150_000)

  await history.open()
  await expect(history.testAccuracy(runId)).toHaveText(PERCENT)
  await history.openRun(runId)
  await page.getByTestId('inspect-run').click()
  await expect(inspect.view).toHaveAttribute('data-run-id', String(runId))
  await inspect.tab('predict')
  const png = join(app.home, 'one.png')
  await writeDigitOne(png)
  await dropFile(page, '[data-testid="image-drop"]', readFileSync(png), 'one.png', 'image/png')
  await expect(page.getByTestId('prediction').locator('.iv-input img')).toBeVisible()
  await expect(page.getByTestId('prediction-class')).toHaveCount(5)
  await expect(page.getByTestId('prediction-class').first()).toHaveText(/\d/)
})

test('a dataset imported elsewhere while the app is open shows in the Train view without a reload', async ({
  app,
}) => {
  // The Train view stays mounted while hidden; it lists the datasets again each time it shows.
  const { page } = app
  await new EditorPage(page).startBlank()
  const train = new TrainPage(page)
  await train.open()
  await page.getByTestId('view-editor').click()
  const folder = join(app.home, 'late-colours')
  await writeColourFolder(folder, 4)
  const dataset = await app.call<{ id: string }>('datasets:import', {
    path: folder,
    name: 'late colours',
    format: 'folder',
    size: 32,
  })
  await train.open()
  await expect(
    page.locator(`[data-testid="dataset-select"] option[value="${dataset.id}"]`),
  ).toBeAttached()
})
