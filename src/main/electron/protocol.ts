/**
 * The renderer is served from `app://bundle/` instead of file://: a real origin (so 'self' in
 * the CSP means the bundle and nothing else on disk), confined to out/renderer by the same
 * resolver serve mode uses.
 */
import { readFile } from 'node:fs/promises'
import { protocol } from 'electron'
import { contentSecurityPolicy, SECURITY_HEADERS } from '../server/csp'
import { resolveStatic } from '../server/static'
import { APP_HOST, APP_SCHEME } from './urls'

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ])
}

/** Serves the bundle with the strict CSP; anything outside it, or another host, is a 404. */
export function serveBundle(rendererDir: string): void {
  const csp = contentSecurityPolicy()
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    const file =
      url.host === APP_HOST && request.method === 'GET'
        ? await resolveStatic(rendererDir, url.pathname)
        : null
    if (!file)
      return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } })
    return new Response(await readFile(file.path), {
      status: 200,
      headers: { 'Content-Type': file.type, 'Content-Security-Policy': csp, ...SECURITY_HEADERS },
    })
  })
}
