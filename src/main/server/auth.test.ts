import { describe, expect, it } from 'vitest'
import type { IncomingMessage } from 'node:http'
import { allowedHosts, isAuthenticated, isLoopback, sessionCookie, sessionCookieName } from './auth'

describe('allowedHosts', () => {
  it('answers to the loopback names with the port by default', () => {
    expect([...allowedHosts('127.0.0.1', 5179)].sort()).toEqual([
      '127.0.0.1:5179',
      '[::1]:5179',
      'localhost:5179',
    ])
  })

  it('adds a specific bound host, bracketing IPv6', () => {
    expect(allowedHosts('192.0.2.7', 80).has('192.0.2.7')).toBe(true)
    expect(allowedHosts('2001:db8::1', 8080).has('[2001:db8::1]:8080')).toBe(true)
  })

  it("a wildcard bind answers to this machine's addresses, never to any name", () => {
    const hosts = allowedHosts('0.0.0.0', 5179, () => ['127.0.0.1', '192.0.2.7', 'fe80::1'])
    expect(hosts.has('192.0.2.7:5179')).toBe(true)
    expect(hosts.has('[fe80::1]:5179')).toBe(true)
    expect(hosts.has('evil.example:5179')).toBe(false)
  })
})

describe('isLoopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['0.0.0.0', false],
    ['192.0.2.7', false],
  ])('%s → %s', (host, loopback) => expect(isLoopback(host)).toBe(loopback))
})

describe('session cookies', () => {
  const request = (cookie: string): IncomingMessage => ({ headers: { cookie } }) as IncomingMessage

  it('are named per server, so two servers on one host keep both sign-ins', () => {
    expect(sessionCookieName('token-a')).not.toBe(sessionCookieName('token-b'))
    const both = `${sessionCookie('token-a').split(';')[0]}; ${sessionCookie('token-b').split(';')[0]}`
    expect(isAuthenticated(request(both), 'token-a')).toBe(true)
    expect(isAuthenticated(request(both), 'token-b')).toBe(true)
    expect(isAuthenticated(request(both), 'token-c')).toBe(false)
  })

  it('ignore other cookies that carry the token', () => {
    expect(isAuthenticated(request('other=token-a'), 'token-a')).toBe(false)
  })
})
