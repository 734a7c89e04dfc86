import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { networkInterfaces } from 'node:os'

/**
 * Session cookies are named per server (`blockwise_session_<hash of its token>`): cookies are
 * shared by every port of a host, so two `blockwise serve` on one machine would otherwise
 * overwrite each other's sign-in.
 */
export const SESSION_COOKIE = 'blockwise_session'

export function sessionCookieName(token: string): string {
  return `${SESSION_COOKIE}_${createHash('sha256').update(token).digest('hex').slice(0, 12)}`
}

/** A fresh session token: 256 random bits, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from timings. */
export function sameToken(given: string | undefined | null, token: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Values of the request's cookies whose name starts with `prefix`. */
export function readCookies(request: IncomingMessage, prefix: string): string[] {
  const header = request.headers.cookie
  if (!header) return []
  const values: string[] = []
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq >= 0 && part.slice(0, eq).trim().startsWith(prefix))
      values.push(part.slice(eq + 1).trim())
  }
  return values
}

/** True when the request carries the session cookie or `Authorization: Bearer <token>`. */
export function isAuthenticated(request: IncomingMessage, token: string): boolean {
  // Any of our session cookies whose value is this server's token (names differ per server).
  if (readCookies(request, SESSION_COOKIE).some((value) => sameToken(value, token))) return true
  const auth = request.headers.authorization
  return auth !== undefined && auth.startsWith('Bearer ') && sameToken(auth.slice(7).trim(), token)
}

/** The cookie that replaces the token in the URL: not readable by scripts, never sent cross-site. */
export function sessionCookie(token: string): string {
  return `${sessionCookieName(token)}=${token}; HttpOnly; SameSite=Strict; Path=/`
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]']

/**
 * The Host header values this server answers to. A DNS-rebinding page reaches us under its own
 * host name, so anything else is refused.
 */
export function allowedHosts(
  boundHost: string,
  port: number,
  interfaceAddresses: () => string[] = localAddresses,
): Set<string> {
  const names = new Set(LOOPBACK_NAMES)
  // A wildcard bind is reached through this machine's own addresses; a specific one through itself.
  for (const address of isWildcard(boundHost) ? interfaceAddresses() : [boundHost]) {
    names.add(address.includes(':') && !address.startsWith('[') ? `[${address}]` : address)
  }
  // Browsers leave the default port out of Host and Origin.
  return new Set(
    [...names]
      .flatMap((name) => (port === 80 ? [name, `${name}:80`] : [`${name}:${port}`]))
      .map((h) => h.toLowerCase()),
  )
}

function localAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) =>
    (list ?? []).map((i) => i.address.split('%')[0] ?? i.address),
  )
}

export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]'
}

export function isLoopback(host: string): boolean {
  return (
    host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host)
  )
}

export type OriginCheck = { ok: true } | { ok: false; status: 403; reason: string }

/**
 * Host must be one of ours; Origin, when the client sends one (browsers always do for
 * WebSockets and cross-site requests), must be `http://` + one of ours.
 */
export function checkHostAndOrigin(request: IncomingMessage, hosts: Set<string>): OriginCheck {
  const host = request.headers.host?.toLowerCase()
  if (!host || !hosts.has(host))
    return { ok: false, status: 403, reason: `Host "${host ?? ''}" is not this server.` }
  const origin = request.headers.origin
  if (origin !== undefined) {
    let originHost: string | null = null
    try {
      const url = new URL(origin)
      originHost = url.protocol === 'http:' ? url.host.toLowerCase() : null
    } catch {
      originHost = null
    }
    if (!originHost || !hosts.has(originHost))
      return { ok: false, status: 403, reason: `Origin "${origin}" is not this server.` }
  }
  return { ok: true }
}
