import { BrowserWindow, dialog } from 'electron'
import type { Handlers } from '../services'

/** Native open/save dialogs, attached to the focused window; a cancel answers `{path: null}`. */
export function dialogHandlers(): Pick<Handlers, 'dialogs:openFile' | 'dialogs:saveFile'> {
  const parent = (): BrowserWindow | undefined =>
    BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]
  return {
    'dialogs:openFile': async ({ title, filters, directory }) => {
      const options: Electron.OpenDialogOptions = {
        properties: [directory ? 'openDirectory' : 'openFile'],
        ...(title === undefined ? {} : { title }),
        ...(filters === undefined ? {} : { filters }),
      }
      const win = parent()
      const result = win
        ? await dialog.showOpenDialog(win, options)
        : await dialog.showOpenDialog(options)
      return { path: result.canceled ? null : (result.filePaths[0] ?? null) }
    },
    'dialogs:saveFile': async ({ title, defaultName, filters }) => {
      const options: Electron.SaveDialogOptions = {
        ...(title === undefined ? {} : { title }),
        ...(defaultName === undefined ? {} : { defaultPath: defaultName }),
        ...(filters === undefined ? {} : { filters }),
      }
      const win = parent()
      const result = win
        ? await dialog.showSaveDialog(win, options)
        : await dialog.showSaveDialog(options)
      return { path: result.canceled ? null : (result.filePath ?? null) }
    },
  }
}
