import { create } from 'zustand'

export type ToastTone = 'info' | 'error' | 'success'

export interface Toast {
  id: number
  tone: ToastTone
  message: string
}

interface ToastState {
  toasts: Toast[]
  push(tone: ToastTone, message: string): void
  dismiss(id: number): void
}

let ids = 0
/** How long a toast stays: a note goes quickly, an error stays to be read. */
export const LIFETIME_MS: Record<ToastTone, number> = { info: 3500, success: 6000, error: 9000 }
/** More than this and the stack covers the panel it talks about; the oldest go first. */
export const MAX_TOASTS = 3

/** Short messages at the corner of the window: refused connections, saves, file errors. */
export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  push(tone, message) {
    const id = ++ids
    // The same words again (two saves in a row) replace the old toast rather than stack.
    const others = get().toasts.filter((t) => t.message !== message || t.tone !== tone)
    set({ toasts: [...others.slice(-(MAX_TOASTS - 1)), { id, tone, message }] })
    setTimeout(() => get().dismiss(id), LIFETIME_MS[tone])
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) })
  },
}))

/** Show a toast from anywhere (commands, handlers). */
export const toast = (tone: ToastTone, message: string): void =>
  useToasts.getState().push(tone, message)
