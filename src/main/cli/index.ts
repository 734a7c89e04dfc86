import { Command } from 'commander'
import { commands } from './commands'

/** Builds the `blockwise` program from the explicit list of commands. */
export function buildProgram(): Command {
  const program = new Command('blockwise')
    .description('Design, train and compare convolutional networks.')
    .showHelpAfterError()
  for (const register of commands) register(program)
  return program
}

await buildProgram().parseAsync(process.argv)
