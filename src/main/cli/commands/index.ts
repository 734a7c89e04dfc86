import type { Command } from 'commander'
import { registerServe } from './serve'

/** Every CLI command, one file each; a command registers itself on the program. */
export type RegisterCommand = (program: Command) => void

export const commands: RegisterCommand[] = [registerServe]
