/**
 * URL rules of the desktop shell, kept free of Electron so they are unit-tested: which pages are
 * ours, and which external links may open in the user's browser.
 */

/** The renderer's origin under the custom protocol. */
export const APP_SCHEME = 'app'
export const APP_HOST = 'bundle'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY = `${APP_ORIGIN}/index.html`

/** Hosts whose https pages the app links to (papers, docs, the project). */
export const EXTERNAL_HOSTS: readonly string[] = [
  'github.com',
  'arxiv.org',
  'doi.org',
  'www.tensorflow.org',
  'js.tensorflow.org',
  'pytorch.org',
  'onnx.ai',
  'keras.io',
  'yann.lecun.com',
  'www.cs.toronto.edu',
]

/** True for an https URL (no credentials, default port) on the allowlist. */
export function isAllowedExternal(raw: string, hosts: readonly string[] = EXTERNAL_HOSTS): boolean {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    hosts.includes(url.hostname)
  )
}

/**
 * Our pages: the bundle under `app://bundle/`, or in development the electron-vite dev server's
 * origin. Compared by parsed origin, so `app://bundle.evil/` or `app://bundle@x/` do not pass.
 */
export function ourUrlMatcher(devServerUrl?: string): (url: string) => boolean {
  const devOrigin = devServerUrl ? new URL(devServerUrl).origin : null
  return (raw) => {
    let url: URL
    try {
      url = new URL(raw)
    } catch {
      return false
    }
    if (url.protocol === `${APP_SCHEME}:`)
      return url.host === APP_HOST && url.username === '' && url.password === ''
    return devOrigin !== null && url.origin === devOrigin
  }
}
