import { expect, test } from './fixtures'
import { EditorPage } from './pages/EditorPage'
import { TrainPage } from './pages/TrainPage'

// The Train view times a few real training steps in a trainer process and says so.
test('the Train view measures LeNet-5 on MNIST and shows the time per epoch', async ({ app }) => {
  test.setTimeout(180_000)
  const editor = new EditorPage(app)
  const train = new TrainPage(app)
  await editor.openLenetFromWelcome()
  await train.open()
  await train.set({ limit: '1024' })
  const forecast = app.getByTestId('forecast')
  // Automatic after the inputs settle; 1,024 images at batch 64 is 16 steps.
  await expect(forecast).toHaveText(
    /^≈ .+ per epoch on \w+ \(measured: 3 steps, [\d.]+ ms\/step\)$/,
    { timeout: 60_000 },
  )
  await expect(app.getByTestId('forecast-note')).toHaveCount(0)

  // Another batch size is measured again, on request as well.
  await train.set({ batchSize: '32' })
  await app.getByTestId('forecast-measure').click()
  await expect(forecast).toHaveText(/measured: 3 steps/, { timeout: 60_000 })
  await train.screenshot('forecast-01-measured')

  // While a run trains on this machine nothing is measured, and the form says why.
  await train.set({ epochs: '10', limit: '' })
  await train.start('LeNet while measuring')
  await train.waitForStatus('running', 60_000)
  await train.set({ batchSize: '16' })
  await expect(app.getByTestId('forecast-note')).toHaveText(
    /^Not measured while a run trains on this machine/,
    { timeout: 20_000 },
  )
  await expect(forecast).not.toContainText('measured:')
  await train.screenshot('forecast-02-busy')
  await train.stop()
  await train.waitForStatus('stopped', 30_000)
})
