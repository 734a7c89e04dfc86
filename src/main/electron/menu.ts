import { app, Menu, shell, type MenuItemConstructorOptions } from 'electron'
import type { MenuAction } from '../../shared/api'

/**
 * The application menu. File items and undo/redo are sent to the renderer as `app:menu`
 * actions (the editor owns its history and knows whether a text field has focus); cut, copy,
 * paste and select all are the platform's roles.
 */
export function installMenu(send: (action: MenuAction) => void): void {
  const item = (
    label: string,
    action: MenuAction,
    accelerator?: string,
  ): MenuItemConstructorOptions => ({
    label,
    ...(accelerator === undefined ? {} : { accelerator }),
    click: () => send(action),
  })
  const isMac = process.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        item('New Design', 'new', 'CmdOrCtrl+N'),
        item('Open Design…', 'open', 'CmdOrCtrl+O'),
        { type: 'separator' },
        item('Save Design', 'save', 'CmdOrCtrl+S'),
        item('Save Design As…', 'saveAs', 'Shift+CmdOrCtrl+S'),
        { type: 'separator' },
        item('Import Dataset…', 'importDataset', 'CmdOrCtrl+I'),
        item('Export Model…', 'export', 'CmdOrCtrl+E'),
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        item('Undo', 'undo', 'CmdOrCtrl+Z'),
        item('Redo', 'redo', isMac ? 'Shift+Cmd+Z' : 'Ctrl+Y'),
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged
          ? []
          : [
              { type: 'separator' as const },
              { role: 'reload' as const },
              { role: 'toggleDevTools' as const },
            ]),
      ],
    },
    {
      role: 'help',
      submenu: [
        {
          label: 'Deep Residual Learning (He et al., 2015)',
          click: () => void shell.openExternal('https://arxiv.org/abs/1512.03385'),
        },
        {
          label: 'Going Deeper with Convolutions (Szegedy et al., 2014)',
          click: () => void shell.openExternal('https://arxiv.org/abs/1409.4842'),
        },
        {
          label: 'Very Deep Convolutional Networks (Simonyan & Zisserman, 2014)',
          click: () => void shell.openExternal('https://arxiv.org/abs/1409.1556'),
        },
        { type: 'separator' },
        { label: `Blockwise ${app.getVersion()}`, enabled: false },
      ],
    },
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
