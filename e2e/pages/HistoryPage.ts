import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, type Locator, type Page } from '@playwright/test'

const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts')

/** The History view: the runs table, a run's panel, and the compare page. */
export class HistoryPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId('view-history').click()
    await expect(this.page.getByTestId('history-view')).toBeVisible()
  }

  get rows(): Locator {
    return this.page.getByTestId('run-row')
  }
  row(runId: number): Locator {
    return this.page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`)
  }
  /** The test accuracy cell of a run, as shown ("97.12%"). */
  testAccuracy(runId: number): Locator {
    return this.row(runId).getByTestId('run-test')
  }

  async search(text: string): Promise<void> {
    await this.page.getByTestId('history-search').fill(text)
  }

  async pick(...runIds: number[]): Promise<void> {
    for (const id of runIds) await this.row(id).getByTestId('run-pick').check()
  }

  async compare(): Promise<void> {
    await this.page.getByTestId('compare-btn').click()
    await expect(this.page.getByTestId('compare')).toBeVisible()
  }

  /** A hyperparameter row of the compare table. */
  hyperRow(key: string): Locator {
    return this.page.locator(`[data-testid="hyper-row"][data-key="${key}"]`)
  }

  async chooseMetric(id: string): Promise<void> {
    await this.page.getByTestId('metric-picker').selectOption(id)
  }

  async openRun(runId: number): Promise<Locator> {
    await this.row(runId).click()
    const panel = this.page.locator(`[data-testid="run-detail"][data-run-id="${runId}"]`)
    await expect(panel).toBeVisible()
    return panel
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true })
    await this.page.screenshot({ path: join(ARTIFACTS, `${name}.png`) })
  }
}
