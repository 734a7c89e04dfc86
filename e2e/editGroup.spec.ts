import { analyze, type Design } from '../src/shared/graph'
import { getTemplate } from '../src/shared/templates'
import { expect, test } from './fixtures'
import { EditorPage } from './pages/EditorPage'

/** GoogLeNet's parameter total with inception (3a)'s 3×3 branch `b3x3` filters wide. */
const googlenetParams = (b3x3: number): number => {
  const design: Design = getTemplate('googlenet')!.build()
  const module = design.nodes.find((n) => n.id === 'inception_3a')!
  module.params = { ...module.params, b3x3 }
  return analyze(design).totals.params
}

test('an inception module edited as a group: change one conv, undo back to the module', async ({
  app,
}) => {
  const editor = new EditorPage(app)
  await editor.startBlank()
  await editor.openTemplate('googlenet')
  await expect(editor.node('inception_3a')).toBeVisible()
  const total = await editor.paramsTotal()
  expect(total).toBe(googlenetParams(128))
  await expect(editor.totalParams).toHaveText('7.0M')

  // Opened as it is, the module's inside is read-only and says how to edit it.
  await editor.select('inception_3a')
  await app.getByTestId('inspector-open').click()
  await expect(app.getByTestId('inside-note')).toContainText('edit it as a group')
  await expect(app.getByTestId('inside-edit-as-group')).toBeVisible()
  await editor.screenshot('editGroup-01-read-only-inside')
  await app.getByTestId('crumb-root').click()

  await editor.select('inception_3a')
  await editor.editAsGroup()
  // The module is now an open group: its layers are blocks on the canvas, figures unchanged.
  await expect(editor.breadcrumb).toContainText('inception (3a)')
  await expect(editor.node('b1x1')).toBeVisible()
  await expect(editor.node('concat')).toBeVisible()
  await expect(editor.shape('concat')).toHaveText('28×28×256')
  expect(await editor.paramsTotal()).toBe(total)
  await editor.screenshot('editGroup-02-inside-the-group')

  // Twice the 3×3 branch: the module gets wider and so does what follows it.
  await editor.select('b3x3')
  await editor.setParam('filters', '256')
  await expect(editor.shape('concat')).toHaveText('28×28×384')
  await expect.poll(() => editor.paramsTotal()).toBe(googlenetParams(256))
  await expect(editor.totalParams).toHaveText('7.2M')
  await editor.screenshot('editGroup-03-one-conv-narrower')

  // Undo: the filters come back; undo again: the inception module itself comes back.
  await editor.command('undo')
  await expect.poll(() => editor.paramsTotal()).toBe(total)
  await expect(editor.totalParams).toHaveText('7.0M')
  await expect(editor.shape('concat')).toHaveText('28×28×256')
  await editor.command('undo')
  await expect(editor.node('inception_3a')).toBeVisible()
  expect(await editor.kindOf('inception_3a')).toBe('inceptionModule')
  expect(await editor.paramsTotal()).toBe(total)
  await editor.screenshot('editGroup-04-undone')
  // Redo applies the conversion again.
  await editor.command('redo')
  await expect(editor.node('b1x1')).toBeVisible()
  expect(await editor.paramsTotal()).toBe(total)
})

test('a ResNet-18 stage edited as a group holds residual blocks, each editable in turn', async ({
  app,
}) => {
  const editor = new EditorPage(app)
  await editor.startBlank()
  await editor.openTemplate('resnet18')
  await expect(editor.node('stage2')).toBeVisible()
  const total = await editor.paramsTotal()

  await editor.select('stage2')
  await app.keyboard.press('Control+Alt+G')
  await expect(editor.breadcrumb).toContainText('conv3_x')
  await expect(editor.node('block1')).toBeVisible()
  expect(await editor.kindOf('block1')).toBe('residualBlock')
  expect(await editor.kindOf('block2')).toBe('residualBlock')
  // On the main canvas the stage is now a group that says where it came from.
  await app.getByTestId('crumb-root').click()
  await editor.select('stage2')
  expect(await editor.kindOf('stage2')).toBe('group')
  await expect(app.getByTestId('inspector-origin')).toHaveText(
    'Made from a Residual stage by Edit as group.',
  )
  await editor.screenshot('editGroup-05-stage-now-a-group')
  await app.getByTestId('open-stage2').click()
  await expect(editor.node('block1')).toBeVisible()

  // From the block's read-only inside, the note's button converts it and opens it.
  await editor.select('block1')
  await app.getByTestId('inspector-open').click()
  await app.getByTestId('inside-edit-as-group').click()
  await expect(editor.node('shortcut_conv')).toBeVisible()
  await expect(editor.node('add')).toBeVisible()
  await expect(editor.shape('relu')).toHaveText('28×28×128')
  expect(await editor.paramsTotal()).toBe(total)
  await editor.screenshot('editGroup-06-residual-block-inside')
  await editor.select('conv2')
  await editor.setParam('filters', '64')
  // The main path is now 64 channels wide, the shortcut 128: the sum says so.
  await expect(editor.shape('add')).toHaveText('—')
  await editor.command('undo')
  await expect.poll(() => editor.paramsTotal()).toBe(total)
})
