import type { RunStatus } from '../../../shared/api'
import { toast } from '../ui/toasts'

const ENDINGS: Partial<Record<RunStatus, { tone: 'success' | 'error' | 'info'; verb: string }>> = {
  completed: { tone: 'success', verb: 'finished' },
  stopped: { tone: 'info', verb: 'was stopped' },
  failed: { tone: 'error', verb: 'failed' },
  crashed: { tone: 'error', verb: 'crashed' },
  diverged: { tone: 'error', verb: 'diverged' },
}

/** Asks for permission to notify (call from a click: browsers only ask during a user gesture). */
export function askNotificationPermission(): void {
  if (typeof Notification !== 'undefined' && Notification.permission === 'default')
    void Notification.requestPermission().catch(() => undefined)
}

/** A toast, plus a system notification when permitted and the window is not in front. */
export function notifyRunEnded(name: string, status: RunStatus, detail: string | null): void {
  const ending = ENDINGS[status]
  if (!ending) return
  const message = `${name} ${ending.verb}${detail ? ` — ${detail}` : ''}`
  toast(ending.tone, message)
  if (
    typeof Notification !== 'undefined' &&
    Notification.permission === 'granted' &&
    document.visibilityState !== 'visible'
  ) {
    try {
      new Notification('Blockwise', { body: message, tag: `run-${name}` })
    } catch {
      // Some platforms refuse page notifications; the toast already said it.
    }
  }
}
