// Electron shell: windows, security settings, menus and the IPC binding of the core services.
// Kept thin; the services live in src/main/services and run without Electron.
import { join } from 'node:path'
import { app, BrowserWindow, dialog, ipcMain } from 'electron'
import { dataHome } from './home'
import { createServices, type Services } from './services'
import { dialogHandlers } from './electron/dialogs'
import { bindIpc, type IpcBinding } from './electron/ipc'
import { installMenu } from './electron/menu'
import { electronSqliteBinding } from './electron/nativeSqlite'
import { registerAppScheme, serveBundle } from './electron/protocol'
import { denyPermissions, hardenWebContents } from './electron/security'
import { spawnUtilityChild, spawnUtilityTrainer } from './electron/trainerProcess'
import { APP_ENTRY, ourUrlMatcher } from './electron/urls'
import { createMainWindow } from './electron/window'
import { EVENT_CHANNEL } from '../shared/api/channels'

const here = import.meta.dirname
const devServer = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
const isOurUrl = ourUrlMatcher(devServer)

// The data folder is `Blockwise` in the OS's app-data folder, the same one `dataHome()` computes.
app.setName('Blockwise')
registerAppScheme()

let services: Services | null = null
let binding: IpcBinding | null = null
let mainWindow: BrowserWindow | null = null

function openWindow(): BrowserWindow {
  const win = createMainWindow({
    preload: join(here, '../preload/index.cjs'),
    url: devServer ?? APP_ENTRY,
  })
  binding?.addTarget(win.webContents)
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null
  })
  return win
}

async function start(): Promise<void> {
  await app.whenReady()
  hardenWebContents(isOurUrl)
  denyPermissions()
  serveBundle(join(here, '../renderer'))
  const home = process.env.BLOCKWISE_HOME
    ? dataHome()
    : dataHome({ ...process.env, BLOCKWISE_HOME: app.getPath('userData') })
  const nativeBinding = electronSqliteBinding(home)
  services = await createServices({
    home,
    transport: 'ipc',
    ...(nativeBinding ? { nativeBinding } : {}),
    dialogs: dialogHandlers(),
    spawnTrainer: spawnUtilityTrainer,
    spawnChild: spawnUtilityChild,
  })
  binding = bindIpc(ipcMain, services, isOurUrl)
  installMenu((action) => {
    const target = BrowserWindow.getFocusedWindow() ?? mainWindow
    target?.webContents.send(EVENT_CHANNEL, { event: 'app:menu', payload: { action } })
  })
  mainWindow = openWindow()
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.on('activate', () => {
    if (services && BrowserWindow.getAllWindows().length === 0) mainWindow = openWindow()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  let closing = false
  app.on('before-quit', (event) => {
    // Stop a training run and close the database before the process goes.
    if (closing || !services) return
    event.preventDefault()
    closing = true
    binding?.dispose()
    void services.close().finally(() => app.quit())
  })
  start().catch((error: unknown) => {
    dialog.showErrorBox(
      'Blockwise could not start',
      error instanceof Error ? error.message : String(error),
    )
    app.exit(1)
  })
}
