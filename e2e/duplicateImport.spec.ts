import { join } from 'node:path'
import { expect, test } from './fixtures'
import { EditorPage } from './pages/EditorPage'
import { writeColourFolder } from './pages/JourneyHelpers'
import { TrainPage } from './pages/TrainPage'

// Importing data that is already stored offers the stored dataset: Use “X” picks it, adds nothing.

const ARTIFACTS = join(import.meta.dirname, 'artifacts')

interface Dataset {
  id: string
  name: string
}

test('importing the same folder twice offers the first import, and Use “X” selects it', async ({
  app,
  blockwise,
}) => {
  const folder = join(blockwise.home, 'colour-pngs')
  await writeColourFolder(folder, 6)
  await new EditorPage(app).startBlank()
  const train = new TrainPage(app)
  await train.open()
  const select = app.getByTestId('dataset-select')
  const options = select.locator('option')
  const dialog = app.getByTestId('import-dialog')

  // The first import, through the dialog as a person does it.
  await app.getByTestId('import-dataset').click()
  await app.getByTestId('import-path').fill(folder)
  await app.getByTestId('import-name').fill('colours')
  await app.getByTestId('import-size').fill('16')
  await app.getByTestId('import-start').click()
  await expect(dialog).toBeHidden()
  const first = (await blockwise.call<Dataset[]>('datasets:list')).find((d) => d.name === 'colours')
  if (!first) throw new Error('the first import is not listed')
  await expect(select).toHaveValue(first.id)
  const count = await options.count()

  // Work on MNIST for a while, then import the same folder again (another name, same pixels).
  await train.chooseDataset('mnist')
  await expect(select).toHaveValue('mnist')
  await app.getByTestId('import-dataset').click()
  await app.getByTestId('import-path').fill(folder)
  await app.getByTestId('import-name').fill('colours again')
  await app.getByTestId('import-size').fill('16')
  await app.getByTestId('import-start').click()

  const notice = app.getByTestId('import-duplicate')
  await expect(notice).toContainText('This data is already in Blockwise as “colours”')
  await expect(notice).toContainText('Use “colours” to train on it')
  const use = app.getByTestId('import-use-existing')
  await expect(use).toHaveText('Use “colours”')
  await expect(use).toHaveAttribute('data-dataset-id', first.id)
  await expect(use).toHaveClass(/primary/)
  await expect(use).toBeFocused()
  await expect(app.getByTestId('import-anyway')).not.toHaveClass(/primary/)
  await dialog.screenshot({ path: join(ARTIFACTS, 'import-duplicate-use-existing.png') })

  await use.click()
  await expect(dialog).toBeHidden()
  await expect(select).toHaveValue(first.id)
  await expect(select.locator('option:checked')).toHaveText('colours — 16×16×3, 3 classes')
  await expect(app.getByTestId('class-counts')).toContainText('blue')
  // Nothing was stored the second time: one "colours", no "colours again".
  await expect(options).toHaveCount(count)
  const names = (await blockwise.call<Dataset[]>('datasets:list')).map((d) => d.name)
  expect(names.filter((n) => n.startsWith('colours'))).toEqual(['colours'])
  await app.screenshot({ path: join(ARTIFACTS, 'import-duplicate-used.png') })
})

test('a duplicate of data imported outside the app (CLI, API) is offered and listed on use', async ({
  app,
  blockwise,
}) => {
  const folder = join(blockwise.home, 'colour-pngs')
  await writeColourFolder(folder, 6)
  await new EditorPage(app).startBlank()
  await new TrainPage(app).open()
  const select = app.getByTestId('dataset-select')
  await expect(select).toHaveValue('mnist')
  const count = await select.locator('option').count()
  // Stored behind the open view's back: its list does not have it yet.
  const stored = await blockwise.call<Dataset>('datasets:import', {
    path: folder,
    name: 'from the CLI',
    size: 16,
  })

  await app.getByTestId('import-dataset').click()
  await app.getByTestId('import-path').fill(folder)
  await app.getByTestId('import-size').fill('16')
  await app.getByTestId('import-start').click()
  await app.getByTestId('import-use-existing').click()
  await expect(app.getByTestId('import-dialog')).toBeHidden()
  await expect(select).toHaveValue(stored.id)
  await expect(select.locator('option')).toHaveCount(count + 1)
})
