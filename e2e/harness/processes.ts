import { readFileSync, readdirSync } from 'node:fs'

/** Pids of the trainer processes started for one data directory (Linux: /proc). */
export function trainerPids(home: string): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
      if (!cmdline.includes('trainer')) continue
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0')
      if (environ.includes(`BLOCKWISE_HOME=${home}`)) pids.push(Number(entry))
    } catch {
      // the process ended while we looked, or is not ours to read
    }
  }
  return pids
}

/** Whether a process is still there (and not a zombie). */
export function alive(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}
