import { createContext, useCallback, useContext } from 'react'
import { commands, type CommandContext, type CommandId } from './index'

export const CommandCtx = createContext<CommandContext | null>(null)

/** A function that runs a command by id with the editor's context. */
export function useRunCommand(): (id: CommandId) => void {
  const ctx = useContext(CommandCtx)
  return useCallback(
    (id: CommandId) => {
      if (!ctx) throw new Error('useRunCommand: no CommandCtx above this component')
      void commands[id].run(ctx)
    },
    [ctx],
  )
}
