import { describe, expect, it } from 'vitest'
import { allowedHosts, isLoopback } from './auth'

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
