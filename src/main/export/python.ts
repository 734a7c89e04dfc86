import { execFileSync } from 'node:child_process'

/**
 * The first Python 3 that can import `module`: $BLOCKWISE_PYTHON, `python3` on the PATH, then
 * Debian's /usr/bin/python3 (where python3-torch installs, even when another python3 shadows it).
 */
export function findPython(module: string): string | undefined {
  const candidates = [process.env.BLOCKWISE_PYTHON, 'python3', '/usr/bin/python3'].filter(
    (c): c is string => !!c,
  )
  for (const python of candidates) {
    try {
      execFileSync(python, ['-c', `import ${module}`], { stdio: 'ignore', timeout: 60_000 })
      return python
    } catch {
      // try the next one
    }
  }
  return undefined
}
