import { readFileSync } from 'node:fs'
import { analyze, parseDesignFile, type Design } from '../src/shared/graph'
import { getTemplate } from '../src/shared/templates'
import { expect, test, waitForReady } from './fixtures'
import { EditorPage } from './pages/EditorPage'

const lenetParams = (filters: number): number => {
  const design: Design = getTemplate('lenet5')!.build()
  const c1 = design.nodes.find((n) => n.id === 'c1')!
  c1.params = { ...c1.params, filters }
  return analyze(design).totals.params
}

test('a conv2d dragged from the palette and connected shows its output shape', async ({ app }) => {
  const editor = new EditorPage(app)
  await editor.startBlank()
  await editor.screenshot('01-blank')
  await editor.dragFromPalette('conv2d', 420, 260)
  await expect(editor.node('conv2d_1')).toBeVisible()
  await expect(editor.shape('conv2d_1')).toHaveText('—')
  await editor.connect('input', 'conv2d_1')
  await expect(editor.shape('conv2d_1')).toHaveText('28×28×32')
  await expect(app.getByTestId('edge-label-input->conv2d_1')).toHaveText('28×28×1')
  // A second input into a conv is refused, with the reason.
  await editor.dragFromPalette('input', 700, 80)
  await editor.connect('input_1', 'conv2d_1')
  await expect(editor.toast.last()).toContainText('takes one input')
  await editor.screenshot('02-conv-connected')
})

test('LeNet-5: conv1 filters 6 → 8 updates the parameter total', async ({ app }) => {
  const editor = new EditorPage(app)
  await editor.openLenetFromWelcome()
  expect(await editor.paramsTotal()).toBe(lenetParams(6))
  await editor.select('c1')
  await expect(app.getByTestId('inspector')).toHaveAttribute('data-node', 'c1')
  await editor.setParam('filters', '8')
  await expect(editor.totalParams).toHaveAttribute('data-value', String(lenetParams(8)))
  await expect(editor.shape('c1')).toHaveText('28×28×8')
  await expect(app.getByTestId('inspector-params')).toHaveText('208')
  await editor.screenshot('03-lenet-filters-8')
})

test('dense on a feature map: the error shows, the fix inserts flatten; undo and redo', async ({
  app,
}) => {
  const editor = new EditorPage(app)
  await editor.startBlank()
  await app.getByTestId('palette-dense').click()
  await expect(editor.node('dense_1')).toBeVisible()
  await editor.connect('input', 'dense_1')
  await expect(app.getByTestId('badge-dense_1')).toBeVisible()
  const problem = app.locator('[data-testid="diagnostic"][data-code="needs-flatten"]').first()
  await expect(problem).toContainText('insert a flatten')
  // Clicking a problem in the totals bar selects its block.
  await editor.node('input').click()
  await app.getByTestId('diagnostics').getByText('needs a vector').click()
  await expect(app.getByTestId('inspector')).toHaveAttribute('data-node', 'dense_1')
  await editor.screenshot('04-needs-flatten')
  await problem.getByTestId('fix-needs-flatten').click()
  await expect(editor.node('flatten_1')).toBeVisible()
  await expect(editor.shape('flatten_1')).toHaveText('784')
  await expect(editor.shape('dense_1')).toHaveText('128')
  await expect(app.getByTestId('badge-dense_1')).toHaveCount(0)
  await editor.screenshot('05-flatten-inserted')

  await editor.command('undo')
  await expect(editor.node('flatten_1')).toHaveCount(0)
  await expect(app.getByTestId('badge-dense_1')).toBeVisible()
  await editor.command('redo')
  await expect(editor.node('flatten_1')).toBeVisible()
  await expect(editor.shape('dense_1')).toHaveText('128')
  // Keyboard: Ctrl+Z twice undoes the fix and then the connection.
  await editor.canvas.click({ position: { x: 40, y: 40 } })
  await app.keyboard.press('Control+z')
  await app.keyboard.press('Control+z')
  await expect(editor.shape('dense_1')).toHaveText('—')
  await app.keyboard.press('Control+Shift+z')
  await expect(app.getByTestId('badge-dense_1')).toBeVisible()
  await editor.screenshot('06-after-undo-redo')
})

test('group two blocks into a custom block and ungroup them', async ({ app }) => {
  const editor = new EditorPage(app)
  await editor.openLenetFromWelcome()
  const total = await editor.paramsTotal()
  await editor.select('c3', 'c3_tanh')
  await expect(app.getByTestId('inspector-group')).toBeVisible()
  await editor.command('group')
  await expect(editor.node('group_1')).toBeVisible()
  await expect(editor.node('c3')).toHaveCount(0)
  await expect(editor.shape('group_1')).toHaveText('10×10×16')
  expect(await editor.paramsTotal()).toBe(total)
  await editor.screenshot('07-grouped')
  // Open it in place: its blocks, with their shapes, editable.
  await app.getByTestId('open-group_1').click()
  await expect(app.getByTestId('breadcrumb')).toContainText('group_1')
  await expect(editor.shape('c3')).toHaveText('10×10×16')
  await editor.screenshot('08-group-inside')
  await app.getByTestId('crumb-root').click()
  await expect(editor.node('group_1')).toBeVisible()
  await editor.select('group_1')
  await editor.command('ungroup')
  await expect(editor.node('c3')).toBeVisible()
  await expect(editor.node('group_1')).toHaveCount(0)
  expect(await editor.paramsTotal()).toBe(total)
})

test('save, reload the page, reopen: the same design', async ({ app, blockwise }) => {
  const editor = new EditorPage(app)
  await editor.openLenetFromWelcome()
  await app.getByTestId('design-name').fill('My LeNet')
  await app.getByTestId('design-name').press('Enter')
  await editor.select('c1')
  await editor.setParam('filters', '10')
  await expect(app.getByTestId('dirty')).toBeVisible()
  await editor.command('save')
  await expect(app.getByTestId('dirty')).toHaveCount(0)
  const total = await editor.paramsTotal()
  expect(total).toBe(lenetParams(10))
  const saved = await blockwise.call<{ id: number; name: string }[]>('designs:list')
  expect(saved.map((d) => d.name)).toEqual(['My LeNet'])

  await app.reload()
  await waitForReady(app)
  await expect(app.getByTestId('welcome')).toHaveCount(0)
  await editor.command('open')
  await app.getByTestId(`recent-${saved[0]!.id}`).click()
  await expect(app.getByTestId('design-name')).toHaveValue('My LeNet')
  await expect(editor.shape('c1')).toHaveText('28×28×10')
  expect(await editor.paramsTotal()).toBe(total)
  await expect(app.getByTestId('dirty')).toHaveCount(0)
  await editor.screenshot('09-reopened')
})

test('importing a malformed or future-version file says what is wrong and keeps the design', async ({
  app,
}) => {
  const editor = new EditorPage(app)
  await editor.openLenetFromWelcome()
  const importFile = async (name: string, text: string): Promise<void> => {
    const chooser = app.waitForEvent('filechooser')
    await editor.command('import')
    await (
      await chooser
    ).setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) })
  }
  await importFile('broken.blockwise.json', '{"version": 1, "nodes": [')
  await expect(editor.toast.last()).toContainText('broken.blockwise.json: not a design file')
  await importFile(
    'future.blockwise.json',
    JSON.stringify({ version: 99, name: 'x', nodes: [], edges: [] }),
  )
  await expect(editor.toast.last()).toContainText('newer Blockwise')
  await expect(editor.node('c1')).toBeVisible()
  await editor.screenshot('10-import-error')
  const good = getTemplate('vgg11')!.build()
  await importFile('vgg.blockwise.json', JSON.stringify(good))
  await expect(app.getByTestId('design-name')).toHaveValue('VGG-11')
  // Export gives the same design back as a file.
  const download = app.waitForEvent('download')
  await editor.command('export')
  const file = await download
  expect(file.suggestedFilename()).toBe('vgg-11.blockwise.json')
  const parsed = parseDesignFile(readFileSync(await file.path(), 'utf8'))
  expect(parsed.ok && analyze(parsed.design).totals).toEqual(analyze(good).totals)
  expect(parsed.ok && parsed.design.nodes.map((n) => [n.id, n.kind, n.params])).toEqual(
    good.nodes.map((n) => [n.id, n.kind, n.params]),
  )
})

test('ResNet-152: stages summarise their blocks and open in place, read-only, with a way back', async ({
  app,
}) => {
  const editor = new EditorPage(app)
  await editor.startBlank()
  await editor.openTemplate('resnet152')
  await expect(app.getByTestId('total-depth')).toHaveText('152')
  await expect(editor.shape('stage3')).toHaveText('14×14×1024')
  await expect(editor.node('stage3')).toContainText('bottleneck 256 ×36 /2')
  await app.getByTestId('cmd-toggleField').click()
  await expect(app.getByTestId('field-stage3')).toContainText('stride 16')
  await editor.screenshot('11-resnet152')
  await app.getByTestId('open-stage3').click()
  await expect(app.getByTestId('inside-view')).toBeVisible()
  await expect(app.getByTestId('inspector')).toHaveAttribute('data-node', 'stage3')
  await expect(app.locator('[data-testid^="inner-"]').first()).toBeVisible()
  await editor.screenshot('12-resnet152-stage-inside')
  await app.getByTestId('crumb-root').click()
  await expect(editor.node('stage3')).toBeVisible()
})

test('copy and paste with the keyboard; delete removes the selection', async ({ app }) => {
  const editor = new EditorPage(app)
  await editor.openLenetFromWelcome()
  await editor.select('c1', 'c1_tanh')
  await app.keyboard.press('Control+c')
  await app.keyboard.press('Control+v')
  await expect(editor.node('conv2d_1')).toBeVisible()
  await expect(editor.node('activation_1')).toBeVisible()
  // LeNet's 12 edges and the copied c1 → c1_tanh.
  await expect(app.locator('.react-flow__edge')).toHaveCount(13)
  await app.keyboard.press('Delete')
  await expect(editor.node('conv2d_1')).toHaveCount(0)
  await expect(editor.node('c1')).toBeVisible()
  await app.keyboard.press('Control+z')
  await expect(editor.node('conv2d_1')).toBeVisible()
})

test('editor shortcuts do not act while another view is shown', async ({ app }) => {
  const editor = new EditorPage(app)
  await editor.openLenetFromWelcome()
  await editor.select('c1')
  await app.getByTestId('view-history').click()
  await app.keyboard.press('Delete')
  await app.getByTestId('view-editor').click()
  await expect(editor.node('c1')).toBeVisible()
  await app.keyboard.press('Delete')
  await expect(editor.node('c1')).toHaveCount(0)
})

test('dragging a block is one undo step', async ({ app }) => {
  const editor = new EditorPage(app)
  await editor.openLenetFromWelcome()
  const before = (await editor.node('c1').boundingBox())!
  await expect(app.getByTestId('cmd-undo')).toBeDisabled()
  await app.mouse.move(before.x + 60, before.y + 12)
  await app.mouse.down()
  for (let i = 1; i <= 10; i++) await app.mouse.move(before.x + 60 + i * 15, before.y + 12 + i * 8)
  await app.mouse.up()
  const after = (await editor.node('c1').boundingBox())!
  expect(after.x - before.x).toBeGreaterThan(100)
  await expect(app.getByTestId('cmd-undo')).toBeEnabled()
  await editor.command('undo')
  await expect(app.getByTestId('cmd-undo')).toBeDisabled()
  const back = (await editor.node('c1').boundingBox())!
  expect(Math.abs(back.x - before.x)).toBeLessThan(1)
  expect(Math.abs(back.y - before.y)).toBeLessThan(1)
})
