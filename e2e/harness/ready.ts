import type { Page } from '@playwright/test'

/** Waits for the app to be ready; fails at once with the page's message when it shows an error. */
export async function waitForReady(page: Page): Promise<void> {
  const settled = page.locator('[data-app-state="ready"], [data-app-state="error"]').first()
  await settled.waitFor({ state: 'attached', timeout: 30_000 })
  if ((await settled.getAttribute('data-app-state')) === 'error') {
    throw new Error(`The app showed an error instead of loading: ${await settled.innerText()}`)
  }
}
