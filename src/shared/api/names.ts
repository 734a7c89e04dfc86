/**
 * Every command and event name as plain strings, without zod, for the sandboxed preload (which
 * cannot load packages). `contract.ts` checks at compile time that these lists equal its maps.
 */
export const COMMAND_NAMES = [
  'system:info',
  'designs:list',
  'designs:get',
  'designs:save',
  'designs:delete',
  'designs:rename',
  'templates:list',
  'templates:get',
  'datasets:list',
  'datasets:get',
  'datasets:preview',
  'datasets:samples',
  'datasets:delete',
  'datasets:import',
  'datasets:cancelImport',
  'runs:start',
  'runs:forecast',
  'runs:stop',
  'runs:list',
  'runs:get',
  'runs:metrics',
  'runs:delete',
  'runs:update',
  'runs:queue',
  'runs:reorder',
  'runs:cancel',
  'dialogs:openFile',
  'dialogs:saveFile',
  'exports:run',
  'exports:list',
  'exports:design',
  'inspect:summary',
  'inspect:evaluation',
  'inspect:cell',
  'inspect:predict',
  'inspect:filters',
  'inspect:topPatches',
  'inspect:featureMaps',
  'inspect:cancel',
] as const

export const EVENT_NAMES = [
  'runs:progress',
  'runs:epoch',
  'runs:status',
  'datasets:importProgress',
  'app:menu',
  'exports:progress',
  'inspect:progress',
] as const

export type CommandNameList = (typeof COMMAND_NAMES)[number]
export type EventNameList = (typeof EVENT_NAMES)[number]

const EVENT_SET: ReadonlySet<string> = new Set(EVENT_NAMES)

export function isEventNameString(name: string): name is EventNameList {
  return EVENT_SET.has(name)
}

/** Splits `domain:verb`. */
export function splitName(name: string): { domain: string; verb: string } {
  const at = name.indexOf(':')
  return { domain: name.slice(0, at), verb: name.slice(at + 1) }
}

/** `runs:progress` → `onProgress`. */
export function eventMethodName(event: string): string {
  const { verb } = splitName(event)
  return `on${verb.charAt(0).toUpperCase()}${verb.slice(1)}`
}
