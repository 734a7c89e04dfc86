/**
 * The API contract: every command's request/response schema and every event's payload
 * schema, keyed `domain:verb`. Both transports (Electron IPC, HTTP + WebSocket) and the
 * services are typed from this one map.
 */
import type { z } from 'zod'
import { appEvents } from './app'
import { datasetsCommands, datasetsEvents } from './datasets'
import { designsCommands } from './designs'
import { inspectCommands, inspectEvents } from './inspect'
import { dialogsCommands } from './dialogs'
import { exportsCommands, exportsEvents } from './exports'
import {
  COMMAND_NAMES,
  EVENT_NAMES,
  eventMethodName,
  splitName,
  type CommandNameList,
  type EventNameList,
} from './names'
import { runsCommands, runsEvents } from './runs'
import { systemCommands } from './system'
import { templatesCommands } from './templates'

export const commands = {
  ...systemCommands,
  ...designsCommands,
  ...templatesCommands,
  ...datasetsCommands,
  ...runsCommands,
  ...dialogsCommands,
  ...exportsCommands,
  ...inspectCommands,
} as const

export const events = {
  ...runsEvents,
  ...datasetsEvents,
  ...appEvents,
  ...exportsEvents,
  ...inspectEvents,
} as const

export type Commands = typeof commands
export type CommandName = keyof Commands
export type EventName = keyof typeof events

/** What a caller sends (defaults not yet applied). */
export type RequestOf<C extends CommandName> = z.input<Commands[C]['request']>
/** What a handler receives (validated, defaults applied). */
export type ParsedRequestOf<C extends CommandName> = z.output<Commands[C]['request']>
export type ResponseOf<C extends CommandName> = z.output<Commands[C]['response']>
export type EventPayloadOf<E extends EventName> = z.output<(typeof events)[E]>

// The zod-free name lists (for the preload) must equal the maps: a mismatch fails to compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const namesMatch: [Same<CommandNameList, CommandName>, Same<EventNameList, EventName>] = [
  true,
  true,
]
void namesMatch

export const commandNames: readonly CommandName[] = COMMAND_NAMES
export const eventNames: readonly EventName[] = EVENT_NAMES
export { splitName, eventMethodName }

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commands, name)
}

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name)
}

type DomainOf<N extends string> = N extends `${infer D}:${string}` ? D : never
type VerbOf<N extends string> = N extends `${string}:${infer V}` ? V : never

export type Domain = DomainOf<CommandName> | DomainOf<EventName>

/** A command as a named async method: optional argument when the request may be omitted. */
export type Method<C extends CommandName> =
  undefined extends RequestOf<C>
    ? (request?: RequestOf<C>) => Promise<ResponseOf<C>>
    : (request: RequestOf<C>) => Promise<ResponseOf<C>>

export type Unsubscribe = () => void
export type Listener<E extends EventName> = (payload: EventPayloadOf<E>) => void

/** `runs:progress` → `onProgress`. */
export type EventMethodName<E extends EventName> = `on${Capitalize<VerbOf<E>>}`

/**
 * The client surface: `api.designs.save(req)`, `api.runs.onProgress(cb) → unsubscribe`.
 * Methods resolve with the data and reject with an `ApiError`.
 */
export type ClientApi = {
  [D in Domain]: {
    [C in CommandName as DomainOf<C> extends D ? VerbOf<C> : never]: Method<C>
  } & {
    [E in EventName as DomainOf<E> extends D ? EventMethodName<E> : never]: (
      listener: Listener<E>,
    ) => Unsubscribe
  }
}
