import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, type Locator, type Page } from '@playwright/test'

const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts')

/** The Train view as a person sees it: recipe on the left, the live run and the queue on the right. */
export class TrainPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId('view-train').click()
    await expect(this.page.getByTestId('train-form')).toBeVisible()
  }

  field(name: string): Locator {
    return this.page.getByTestId(`hp-${name}`)
  }
  get live(): Locator {
    return this.page.getByTestId('live-panel')
  }
  get status(): Locator {
    return this.page.getByTestId('live-status')
  }
  get progress(): Locator {
    return this.page.getByTestId('progress')
  }
  get charts(): Locator {
    return this.page.getByTestId('live-charts')
  }
  get queueItems(): Locator {
    return this.page.getByTestId('queue-item')
  }

  async chooseDataset(id: string): Promise<void> {
    await this.page.getByTestId('dataset-select').selectOption(id)
  }

  /** Fill hyperparameter fields by name: `{ epochs: '1', limit: '768' }`. */
  async set(values: Record<string, string>): Promise<void> {
    for (const [name, value] of Object.entries(values)) await this.field(name).fill(value)
  }

  async start(name?: string): Promise<number> {
    if (name !== undefined) await this.page.getByTestId('run-name').fill(name)
    const before =
      (await this.live.count()) > 0 ? await this.live.getAttribute('data-run-id') : null
    await this.page.getByTestId('start-run').click()
    if (before === null) await expect(this.live).toBeVisible()
    else await expect(this.live).not.toHaveAttribute('data-run-id', before)
    return Number(await this.live.getAttribute('data-run-id'))
  }

  /** The progress bar's fraction done (0..1). */
  async progressValue(): Promise<number> {
    return Number(await this.progress.getAttribute('data-value'))
  }
  /** How many batch points the live loss curve holds. */
  async curvePoints(): Promise<number> {
    return Number(await this.charts.getAttribute('data-points'))
  }

  async waitForStatus(status: string, timeout = 90_000): Promise<void> {
    await expect(this.status).toHaveText(status, { timeout })
  }

  async stop(): Promise<void> {
    await this.page.getByTestId('stop-run').click()
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true })
    await this.page.screenshot({ path: join(ARTIFACTS, `${name}.png`) })
  }
}
