/**
 * The Electron IPC channels, named once for both ends: the main process handles them, the
 * preload's bridge calls them. Command channels are `blockwise:<domain>:<verb>`; all events
 * share one channel.
 */
export const COMMAND_CHANNEL_PREFIX = 'blockwise:'
export const EVENT_CHANNEL = 'blockwise:event'

export const commandChannel = (command: string): string => `${COMMAND_CHANNEL_PREFIX}${command}`
