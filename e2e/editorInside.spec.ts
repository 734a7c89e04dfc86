import type { Locator, Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { EditorPage } from './pages/EditorPage'

interface Box {
  x: number
  y: number
  width: number
  height: number
}

/** The on-screen boxes of every layer card in the read-only inside, and of the view itself. */
async function boxes(page: Page): Promise<{ view: Box; note: Box; minimap: Box; cards: Box[] }> {
  const view = await page.getByTestId('inside-view').boundingBox()
  const note = await page.getByTestId('inside-note').boundingBox()
  const minimap = await page.locator('.inside .minimap').boundingBox()
  const cards: Box[] = []
  for (const card of await page.locator('.inside .react-flow__node').all()) {
    const b = await card.boundingBox()
    if (b) cards.push(b)
  }
  return { view: view!, note: note!, minimap: minimap!, cards }
}

/**
 * Every layer card lies below the note banner at the view's top; framed whole (`all`), every card
 * also lies inside the view and clear of the minimap. A stage too long for that opens with its first layers just below.
 */
async function expectFramed(page: Page, how: 'all' | 'top', minCards: number): Promise<void> {
  await expect(page.getByTestId('inside-view')).toHaveAttribute('data-framed', how)
  const { view, note, minimap, cards } = await boxes(page)
  expect(cards.length).toBeGreaterThanOrEqual(minCards)
  const noteBottom = note.y + note.height
  for (const c of cards) {
    expect(c.y).toBeGreaterThanOrEqual(noteBottom - 0.5)
    if (how === 'top') continue
    expect(c.x).toBeGreaterThanOrEqual(view.x - 0.5)
    expect(c.x + c.width).toBeLessThanOrEqual(view.x + view.width + 0.5)
    expect(c.y + c.height).toBeLessThanOrEqual(view.y + view.height + 0.5)
    // Nor under the minimap.
    const clear =
      c.x + c.width <= minimap.x + 0.5 ||
      c.y + c.height <= minimap.y + 0.5 ||
      c.x >= minimap.x + minimap.width - 0.5
    expect(clear).toBe(true)
  }
  if (how === 'top') {
    const top = Math.min(...cards.map((c) => c.y))
    expect(top - noteBottom).toBeLessThan(60)
  }
}

/** How many minimap nodes are drawn with a colour (not the blank default). */
async function minimapNodes(minimap: Locator): Promise<number> {
  return minimap.locator('.react-flow__minimap-node').count()
}

async function openInside(page: Page, editor: EditorPage, id: string): Promise<void> {
  await editor.select(id)
  await page.getByTestId('inspector-open').click()
  await expect(page.getByTestId('inside-view')).toBeVisible()
}

test('a read-only inside frames all of its layers and its minimap draws them', async ({ app }) => {
  const editor = new EditorPage(app)
  await editor.startBlank()
  await editor.openTemplate('googlenet')
  await expect(editor.node('inception_3a')).toBeVisible()

  await openInside(app, editor, 'inception_3a')
  // The inception module: four branches side by side, the max-pool branch included.
  await expect(app.getByTestId('inner-inception_3a_pool')).toBeVisible()
  await expectFramed(app, 'all', 15)
  await expect.poll(() => minimapNodes(app.locator('.inside .minimap'))).toBe(15)
  await editor.screenshot('inside-01-inception-framed')
  // An edit in the inspector lays the inside out again and frames it again.
  await editor.setParam('b1x1', '80')
  await expect(app.getByTestId('inner-inception_3a_concat')).toContainText('28×28×272')
  await expectFramed(app, 'all', 15)
  await app.getByTestId('crumb-root').click()

  // The edit made the design dirty: discarding it is asked first.
  app.once('dialog', (d) => void d.accept())
  await editor.openTemplate('resnet18')
  await expect(editor.node('stage2')).toBeVisible()
  await openInside(app, editor, 'stage2')
  await expectFramed(app, 'all', 10)
  await expect.poll(() => minimapNodes(app.locator('.inside .minimap'))).toBeGreaterThan(10)
  await editor.screenshot('inside-02-resnet18-stage-framed')
})

test('ResNet-50: a stage and one of its residual blocks open framed whole', async ({ app }) => {
  const editor = new EditorPage(app)
  await editor.startBlank()
  await editor.openTemplate('resnet50')
  await expect(editor.node('stage1')).toBeVisible()
  await openInside(app, editor, 'stage1')
  await expectFramed(app, 'all', 30)
  await expect.poll(() => minimapNodes(app.locator('.inside .minimap'))).toBeGreaterThan(30)
  await editor.screenshot('inside-03-resnet50-stage-framed')
  await app.getByTestId('crumb-root').click()

  // The stage as a group of residual blocks; the first block's read-only inside.
  await editor.select('stage1')
  await app.keyboard.press('Control+Alt+G')
  await expect(editor.node('block1')).toBeVisible()
  await openInside(app, editor, 'block1')
  await expectFramed(app, 'all', 10)
  await expect.poll(() => minimapNodes(app.locator('.inside .minimap'))).toBeGreaterThan(10)
  await editor.screenshot('inside-04-resnet50-block-framed')
})

test('ResNet-152: a stage too long to read whole opens at its start', async ({ app }) => {
  const editor = new EditorPage(app)
  await editor.startBlank()
  await editor.openTemplate('resnet152')
  await expect(editor.node('stage3')).toBeVisible()
  await openInside(app, editor, 'stage3')
  await expectFramed(app, 'top', 10)
  await expect(app.getByTestId('inner-conv4_x_block1_conv1')).toBeInViewport()
  await editor.screenshot('inside-05-resnet152-stage-start')
})
