/**
 * Electron hardening that holds for every window: no navigation away from the bundle, no new
 * windows, no webviews, no permissions, and external links only to https hosts on a list.
 */
import { app, session, shell, type WebContents } from 'electron'
import { isAllowedExternal } from './urls'

/** Applies the rules to every web contents Electron creates from now on. */
export function hardenWebContents(isOurUrl: (url: string) => boolean): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    const blockUnlessOurs = (event: { preventDefault(): void }, url: string): void => {
      if (!isOurUrl(url)) {
        event.preventDefault()
        openIfAllowed(url)
      }
    }
    contents.on('will-navigate', blockUnlessOurs)
    contents.on('will-redirect', blockUnlessOurs)
    contents.on('will-frame-navigate', (event) => {
      if (!isOurUrl(event.url)) event.preventDefault()
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      openIfAllowed(url)
      return { action: 'deny' }
    })
  })
}

/** Refuses every permission (camera, notifications, clipboard-read …): the app needs none. */
export function denyPermissions(): void {
  const s = session.defaultSession
  s.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  s.setPermissionCheckHandler(() => false)
  s.setDevicePermissionHandler(() => false)
}

function openIfAllowed(url: string): void {
  if (isAllowedExternal(url)) void shell.openExternal(url)
}
