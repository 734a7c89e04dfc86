import { expect, test } from './fixtures'
import { EditorPage } from './pages/EditorPage'

test('a group’s input block says what flows in instead of offering size fields', async ({
  app,
}) => {
  const editor = new EditorPage(app)
  await editor.openLenetFromWelcome()
  await editor.select('c3', 'c3_tanh')
  await editor.command('group')
  await app.getByTestId('open-group_1').click()
  await editor.select('in')
  await expect(app.getByTestId('group-input')).toContainText('What flows into the group: 14×14×6')
  await expect(app.getByTestId('param-height')).toHaveCount(0)
  await expect(app.getByTestId('param-channels')).toHaveCount(0)
  await editor.screenshot('inside-06-group-input')

  // A wider first convolution upstream: the group's input follows it.
  await app.getByTestId('crumb-root').click()
  await editor.select('c1')
  await editor.setParam('filters', '10')
  await app.getByTestId('open-group_1').click()
  await editor.select('in')
  await expect(app.getByTestId('group-input')).toContainText('14×14×10')

  // The network's own input keeps its size fields.
  await app.getByTestId('crumb-root').click()
  await editor.select('input')
  await expect(app.getByTestId('group-input')).toHaveCount(0)
  await expect(app.getByTestId('param-height')).toBeVisible()
})
