/**
 * The core services: every command of the API contract implemented once, with no Electron
 * import. Electron's IPC, the HTTP/WebSocket server and the tests all call `dispatch` and
 * subscribe to `events`.
 */
import type { Transport } from '../../shared/api'
import { ensureBuiltinDatasets } from '../datasets'
import type { SpawnChild, SpawnTrainer } from '../engine/spawn'
import { Prober } from '../engine/probe'
import { createSupervisor } from '../engine/supervisor'
import { databaseFile } from '../home'
import { createInspector } from '../inspect/client'
import { openStore, type Store } from '../store'
import { probeBackend } from './backendProbe'
import { datasetHandlers } from './datasets'
import { designHandlers } from './designs'
import { createDispatch, type Dispatch } from './dispatch'
import { forwardSupervisorEvents, supervisorEngine } from './engine'
import { exportHandlers } from './exports'
import { forecastHandlers } from './forecast'
import { fail } from './errors'
import { createEventBus } from './eventBus'
import { inspectHandlers } from './inspect'
import { runHandlers } from './runs'
import { systemHandlers, type BackendProbe } from './system'
import { templateHandlers } from './templates'
import type { EventBus, Handlers } from './types'

export type { Dispatch } from './dispatch'
export type { EventBus, Handlers } from './types'

export interface ServicesOptions {
  /** The data directory (see `dataHome()`). */
  home: string
  /** Which transport is answering, reported by `system:info`. */
  transport: Transport
  /** A better-sqlite3 binary built for the running runtime (Electron passes its own). */
  nativeBinding?: string
  /** Native dialogs (Electron only); elsewhere they answer NOT_SUPPORTED. */
  dialogs?: Pick<Handlers, 'dialogs:openFile' | 'dialogs:saveFile'>
  /** Check every response against the contract (tests). */
  validateResponses?: boolean
  /** How trainers are started (Electron passes utilityProcess); `child_process.fork` by default. */
  spawnTrainer?: SpawnTrainer
  /** How other worker processes (the inspector) are started; `child_process.fork` by default. */
  spawnChild?: SpawnChild
  /** Which backend the trainer will get; predicted from the installed packages by default. */
  probeBackend?: BackendProbe
  log?: (error: unknown) => void
}

export interface Services {
  dispatch: Dispatch
  events: EventBus
  store: Store
  home: string
  close(): Promise<void>
}

const noDialogs: Pick<Handlers, 'dialogs:openFile' | 'dialogs:saveFile'> = {
  'dialogs:openFile': () => fail('NOT_SUPPORTED', 'File dialogs exist only in the desktop app.'),
  'dialogs:saveFile': () => fail('NOT_SUPPORTED', 'File dialogs exist only in the desktop app.'),
}

/** Opens the store and wires every handler. Call `close()` to stop runs and close the database. */
export async function createServices(options: ServicesOptions): Promise<Services> {
  const { home } = options
  const store = openStore(
    databaseFile(home),
    options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
  )
  const events = createEventBus(options.log)
  try {
    // MNIST's first registration decodes 70,000 images; the app starts meanwhile and the
    // dataset commands wait for it.
    const builtins = ensureBuiltinDatasets(store, home)
    builtins.catch((error: unknown) => (options.log ?? console.error)(error))
    // The supervisor marks runs left `running` by a dead process as crashed.
    const supervisor = createSupervisor({
      store,
      home,
      ...(options.spawnTrainer ? { spawnTrainer: options.spawnTrainer } : {}),
    })
    const unforward = forwardSupervisorEvents(supervisor, events)
    const prober = new Prober(options.spawnTrainer ? { spawnTrainer: options.spawnTrainer } : {})
    // A run gets the machine: a measurement beside it would slow it and time a shared CPU.
    const unprobe = supervisor.subscribe((e) => {
      if (e.type === 'status' && e.status === 'running') prober.cancel('a run started training')
    })
    const inspector = createInspector(options.spawnChild ? { spawn: options.spawnChild } : {})
    const handlers: Handlers = {
      ...systemHandlers({
        home,
        store,
        transport: options.transport,
        probeBackend: options.probeBackend ?? probeBackend,
        nativeDialogs: options.dialogs !== undefined,
      }),
      ...designHandlers(store),
      ...templateHandlers(),
      ...datasetHandlers({ store, home, events, builtins }),
      ...runHandlers({ store, home, engine: supervisorEngine(supervisor, store, builtins) }),
      ...forecastHandlers({
        store,
        home,
        prober,
        builtins,
        activeRunId: () => supervisor.activeRunId,
      }),
      ...exportHandlers({ store, home, events }),
      ...inspectHandlers({ store, home, events, inspector }),
      ...(options.dialogs ?? noDialogs),
    }
    const dispatch = createDispatch(handlers, {
      ...(options.validateResponses === undefined
        ? {}
        : { validateResponses: options.validateResponses }),
      ...(options.log === undefined ? {} : { log: options.log }),
    })
    return {
      dispatch,
      events,
      store,
      home,
      async close() {
        await builtins.catch(() => undefined)
        unprobe()
        prober.close()
        await supervisor.close()
        inspector.close()
        unforward()
        store.close()
      },
    }
  } catch (error) {
    store.close()
    throw error
  }
}
