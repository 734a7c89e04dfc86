import type { BridgeApi } from '../shared/api'

declare global {
  interface Window {
    /** The preload's bridge; present only inside the Electron app. */
    blockwise?: BridgeApi
  }
}

export {}
