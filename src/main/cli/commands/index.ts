import type { Command } from 'commander'

/** Every CLI command, one file each; a command registers itself on the program. */
export type RegisterCommand = (program: Command) => void

export const commands: RegisterCommand[] = []
