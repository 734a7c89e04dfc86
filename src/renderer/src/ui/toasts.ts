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
const LIFETIME_MS = 5000

/** Short messages at the corner of the window: refused connections, saves, file errors. */
export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  push(tone, message) {
    const id = ++ids
    set({ toasts: [...get().toasts.slice(-3), { id, tone, message }] })
    setTimeout(() => get().dismiss(id), LIFETIME_MS)
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) })
  },
}))

/** Show a toast from anywhere (commands, handlers). */
export const toast = (tone: ToastTone, message: string): void =>
  useToasts.getState().push(tone, message)
