import { describe, expect, it } from 'vitest'
import { isAllowedExternal, ourUrlMatcher } from './urls'

describe('isAllowedExternal', () => {
  it.each([
    ['https://arxiv.org/abs/1512.03385', true],
    ['https://github.com/blockwise', true],
    ['http://arxiv.org/abs/1512.03385', false],
    ['https://arxiv.org.evil.example/abs', false],
    ['https://evil.example/?u=https://arxiv.org', false],
    ['https://user:pw@github.com/', false],
    ['https://github.com:8443/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedExternal(url)).toBe(allowed)
  })
})

describe('ourUrlMatcher', () => {
  const packaged = ourUrlMatcher()
  const dev = ourUrlMatcher('http://localhost:5173/')

  it('accepts only the bundle origin when packaged', () => {
    expect(packaged('app://bundle/index.html')).toBe(true)
    expect(packaged('app://bundle/assets/x.js')).toBe(true)
    expect(packaged('app://bundle.evil/index.html')).toBe(false)
    expect(packaged('app://other/index.html')).toBe(false)
    expect(packaged('app://x@bundle/index.html')).toBe(false)
    expect(packaged('http://localhost:5173/')).toBe(false)
    expect(packaged('file:///index.html')).toBe(false)
  })

  it('adds the dev server origin in development', () => {
    expect(dev('http://localhost:5173/index.html')).toBe(true)
    expect(dev('http://localhost:5174/')).toBe(false)
    expect(dev('https://localhost:5173/')).toBe(false)
  })
})
