/**
 * Native open/save dialogs of the desktop app, answered by the test. `stubNativeDialogs` replaces
 * `dialog.showOpenDialog` and `dialog.showSaveDialog` in Electron's main process (where
 * src/main/electron/dialogs.ts calls them), so no real dialog ever blocks a run: each call takes
 * the next queued answer, or is cancelled when none is queued, and is recorded with its options.
 */
import type { ElectronApplication } from '@playwright/test'

export type DialogKind = 'open' | 'save'

/** One dialog the app asked for: its options as Electron got them and what the test answered. */
export interface DialogCall {
  kind: DialogKind
  options: { title?: string; properties?: string[]; defaultPath?: string }
  answer: string | null
}

interface StubState {
  answers: Record<DialogKind, string[]>
  calls: DialogCall[]
}

/** Installs the stubs; every dialog is cancelled until an answer is queued. */
export async function stubNativeDialogs(app: ElectronApplication): Promise<void> {
  const installed = await app.evaluate(({ dialog }) => {
    const state: StubState = { answers: { open: [], save: [] }, calls: [] }
    ;(globalThis as unknown as { __blockwiseDialogs: StubState }).__blockwiseDialogs = state
    // Both are called as (window, options) or (options).
    const record = (kind: DialogKind, args: unknown[]): string | null => {
      const options = (args.length > 1 ? args[1] : args[0]) as DialogCall['options'] | undefined
      const answer = state.answers[kind].shift() ?? null
      state.calls.push({ kind, options: { ...options }, answer })
      return answer
    }
    const open = async (...args: unknown[]): Promise<Electron.OpenDialogReturnValue> => {
      const answer = record('open', args)
      return answer === null
        ? { canceled: true, filePaths: [] }
        : { canceled: false, filePaths: [answer] }
    }
    const save = async (...args: unknown[]): Promise<Electron.SaveDialogReturnValue> => {
      const answer = record('save', args)
      return answer === null
        ? { canceled: true, filePath: '' }
        : { canceled: false, filePath: answer }
    }
    dialog.showOpenDialog = open as typeof dialog.showOpenDialog
    dialog.showSaveDialog = save as typeof dialog.showSaveDialog
    return dialog.showOpenDialog === open && dialog.showSaveDialog === save
  })
  if (!installed)
    throw new Error('Could not replace dialog.showOpenDialog/showSaveDialog in the main process.')
}

/** Queues the path the next open (or save) dialog answers with. */
export async function answerDialog(
  app: ElectronApplication,
  kind: DialogKind,
  path: string,
): Promise<void> {
  await app.evaluate(
    (_electron, { kind, path }) => {
      const state = (globalThis as unknown as { __blockwiseDialogs?: StubState }).__blockwiseDialogs
      if (!state) throw new Error('stubNativeDialogs() was not called')
      state.answers[kind].push(path)
    },
    { kind, path },
  )
}

/** Every dialog the app asked for so far, oldest first. */
export async function dialogCalls(app: ElectronApplication): Promise<DialogCall[]> {
  return app.evaluate(
    () =>
      (globalThis as unknown as { __blockwiseDialogs?: StubState }).__blockwiseDialogs?.calls ?? [],
  )
}
