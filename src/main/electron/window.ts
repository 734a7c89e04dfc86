import { BrowserWindow } from 'electron'

export interface WindowOptions {
  preload: string
  /** `app://bundle/index.html`, or the dev server's URL in development. */
  url: string
}

/** The main window, locked down: isolated, sandboxed, no Node, web security on, no webviews. */
export function createMainWindow(options: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Blockwise',
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  })
  win.once('ready-to-show', () => win.show())
  // A crashed renderer (out of memory on a huge canvas, a GPU fault) comes back instead of
  // leaving a blank window; the services (and a training run) never stopped.
  win.webContents.on('render-process-gone', (_event, details) => {
    console.error(`Blockwise: the window's renderer is gone (${details.reason}); reloading.`)
    if (details.reason !== 'clean-exit' && !win.isDestroyed()) win.webContents.reload()
  })
  void win.loadURL(options.url)
  return win
}
