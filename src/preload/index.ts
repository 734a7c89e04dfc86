// The preload exposes the typed API client to the renderer as `window.blockwise`: named async
// methods and `onX(cb) → unsubscribe` events built from the contract. Nothing raw: the page
// never sees ipcRenderer, channel names or IPC event objects.
import { contextBridge, ipcRenderer } from 'electron'
import { BRIDGE_GLOBAL } from '../shared/api/bridge'
import { buildBridge, EVENT_CHANNEL } from './bridge'

const bridge = buildBridge({
  invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
  onEvent: (listener) => {
    ipcRenderer.on(EVENT_CHANNEL, (_event, message: unknown) => listener(message))
  },
})

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge)
