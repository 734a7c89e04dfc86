import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, type Locator, type Page } from '@playwright/test'

const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts')

/** The run inspector: evaluation, predict, filters, top patches and feature maps tabs. */
export class InspectPage {
  constructor(readonly page: Page) {}

  get view(): Locator {
    return this.page.getByTestId('inspect-view')
  }
  get matrix(): Locator {
    return this.page.getByTestId('confusion-matrix')
  }
  cell(trueClass: number, predicted: number): Locator {
    return this.page.getByTestId(`cm-cell-${trueClass}-${predicted}`)
  }
  get cellImages(): Locator {
    return this.page.getByTestId('cell-image')
  }
  get filtersGrid(): Locator {
    return this.page.getByTestId('filters-grid')
  }
  get patches(): Locator {
    return this.page.getByTestId('patch')
  }

  /** Opens the inspector from the History view's run panel. */
  async openFromHistory(runId: number): Promise<void> {
    // A fresh data directory greets with the welcome sheet over the editor.
    const welcome = this.page.getByTestId('welcome-blank')
    if (await welcome.isVisible()) await welcome.click()
    await this.page.getByTestId('view-history').click()
    await this.page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`).click()
    await this.page.getByTestId('inspect-run').click()
    await expect(this.view).toHaveAttribute('data-run-id', String(runId))
  }

  async tab(id: 'evaluation' | 'predict' | 'filters' | 'patches' | 'maps'): Promise<void> {
    await this.page.getByTestId(`inspect-tab-${id}`).click()
  }

  /** Counts of every confusion-matrix cell, rows true, columns predicted. */
  async matrixCounts(classes: number): Promise<number[][]> {
    const rows: number[][] = []
    for (let t = 0; t < classes; t++) {
      const row: number[] = []
      for (let p = 0; p < classes; p++)
        row.push(Number(await this.cell(t, p).getAttribute('data-count')))
      rows.push(row)
    }
    return rows
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true })
    await this.page.screenshot({ path: join(ARTIFACTS, `${name}.png`) })
  }
}
