import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, type Locator, type Page } from '@playwright/test'

const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts')

/** The editor as a person sees it: palette, canvas, inspector, totals, top bar. */
export class EditorPage {
  constructor(readonly page: Page) {}

  node(id: string): Locator {
    return this.page.getByTestId(`node-${id}`)
  }
  shape(id: string): Locator {
    return this.page.getByTestId(`shape-${id}`)
  }
  get canvas(): Locator {
    return this.page.getByTestId('canvas')
  }
  get totalParams(): Locator {
    return this.page.getByTestId('total-params')
  }
  get diagnostics(): Locator {
    return this.page.getByTestId('diagnostic')
  }
  get toast(): Locator {
    return this.page.getByTestId('toast')
  }

  /** The exact parameter total shown in the totals bar. */
  async paramsTotal(): Promise<number> {
    return Number(await this.totalParams.getAttribute('data-value'))
  }

  async startBlank(): Promise<void> {
    await this.page.getByTestId('welcome-blank').click()
    await expect(this.node('input')).toBeVisible()
  }

  async openLenetFromWelcome(): Promise<void> {
    await this.page.getByTestId('welcome-lenet').click()
    await expect(this.node('c1')).toBeVisible()
  }

  async openTemplate(id: string): Promise<void> {
    await this.command('templates')
    await this.page.getByTestId(`template-${id}`).click()
    await expect(this.page.getByTestId('templates')).toBeHidden()
  }

  /** Click a top-bar command. */
  async command(id: string): Promise<void> {
    await this.page.getByTestId(`cmd-${id}`).click()
  }

  /** Drag a block from the palette and drop it on the canvas at (x, y) within the canvas. */
  async dragFromPalette(kind: string, x: number, y: number): Promise<void> {
    await this.page.getByTestId(`palette-${kind}`).dragTo(this.canvas, { targetPosition: { x, y } })
  }

  /** Drag from the output handle of `source` to input port `port` of `target`. */
  async connect(source: string, target: string, port = 0): Promise<void> {
    await this.page
      .getByTestId(`handle-${source}-out`)
      .dragTo(this.page.getByTestId(`handle-${target}-in${port}`))
  }

  async select(...ids: string[]): Promise<void> {
    await this.node(ids[0]!).click()
    for (const id of ids.slice(1)) await this.node(id).click({ modifiers: ['Shift'] })
  }

  /** Set a number param of the selected block in the inspector. */
  async setParam(name: string, value: string): Promise<void> {
    const field = this.page.getByTestId(`param-${name}`)
    await field.fill(value)
  }

  /** The selected composite block turned into a group of its layers, from the inspector. */
  async editAsGroup(): Promise<void> {
    await this.page.getByTestId('inspector-edit-as-group').click()
  }

  /** The block kind node `id` shows (inceptionModule, group, conv2d …). */
  async kindOf(id: string): Promise<string | null> {
    return this.node(id).getAttribute('data-kind')
  }

  get breadcrumb(): Locator {
    return this.page.getByTestId('breadcrumb')
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true })
    await this.page.screenshot({ path: join(ARTIFACTS, `${name}.png`) })
  }
}
