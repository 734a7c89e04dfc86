import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, type Locator, type Page } from '@playwright/test'

const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts')

/** The Export panel inside a run's detail panel (History view). */
export class ExportPage {
  constructor(
    readonly page: Page,
    readonly detail: Locator,
  ) {}

  get panel(): Locator {
    return this.detail.getByTestId('export-panel')
  }
  format(id: string): Locator {
    return this.panel.getByTestId(`export-format-${id}`)
  }
  get button(): Locator {
    return this.panel.getByTestId('export-run')
  }
  get result(): Locator {
    return this.panel.getByTestId('export-result')
  }
  get path(): Locator {
    return this.result.getByTestId('export-path')
  }
  get download(): Locator {
    return this.result.getByTestId('export-download')
  }
  /** The line saying why the model formats are off (no checkpoint). */
  get unavailable(): Locator {
    return this.panel.getByTestId('export-unavailable')
  }
  get error(): Locator {
    return this.panel.getByTestId('export-error')
  }
  get rows(): Locator {
    return this.panel.getByTestId('export-row')
  }

  /** Picks a format and clicks Export; waits until the button is free again. */
  async export(format: string): Promise<void> {
    await this.format(format).click()
    await expect(this.format(format).locator('input')).toBeChecked()
    await this.button.click()
    await expect(this.button).toBeEnabled({ timeout: 60_000 })
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true })
    await this.page.screenshot({ path: join(ARTIFACTS, `${name}.png`) })
  }
}
