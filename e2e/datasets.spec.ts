import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from './fixtures'
import { EditorPage } from './pages/EditorPage'
import { writeColourFolder } from './pages/JourneyHelpers'
import { TrainPage } from './pages/TrainPage'

// Importing a dataset from the Train view's picker: the dialog, its progress, its errors.

const ARTIFACTS = join(import.meta.dirname, 'artifacts')

test('an image folder imported from the Train view is listed, chosen and previewed', async ({ app, blockwise }) => {
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
  await app.getByTestId('import-dialog').screenshot({ path: join(ARTIFACTS, 'import-dataset-error.png') })
  // The dialog stays open with the path kept, so the user can fix it.
  await expect(app.getByTestId('import-path')).toHaveValue(empty)
  await expect(app.getByTestId('import-start')).toBeEnabled()
  await app.getByTestId('import-cancel').click()
  await expect(app.getByTestId('import-dialog')).toBeHidden()
  expect((await blockwise.call<unknown[]>('datasets:list')).length).toBe(before)
  await expect(app.locator('[data-testid="dataset-select"] option')).toHaveCount(before)
})
