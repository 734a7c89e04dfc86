import { describe, expect, it } from 'vitest'
import { formatDuration, formatInt, formatShape, formatSi, renderTable } from './format'

describe('number formats', () => {
  it('groups thousands', () => {
    expect(formatInt(61706)).toBe('61,706')
    expect(formatInt(60_192_808)).toBe('60,192,808')
    expect(formatInt(0)).toBe('0')
  })

  it('gives three significant digits with an SI prefix', () => {
    expect(formatSi(1_814_073_344)).toBe('1.81 G')
    expect(formatSi(416_520)).toBe('417 K')
    expect(formatSi(48_000)).toBe('48.0 K')
    expect(formatSi(999)).toBe('999')
    expect(formatSi(999.7)).toBe('1.00 K') // rounds up into the next prefix, not "1000"
    expect(formatSi(0)).toBe('0')
    expect(formatSi(2.5e12, 'B')).toBe('2.50 TB')
    expect(formatSi(-3_000_000)).toBe('-3.00 M')
  })

  it('writes shapes and durations', () => {
    expect(formatShape([224, 224, 3])).toBe('224×224×3')
    expect(formatShape([10])).toBe('10')
    expect(formatShape(null)).toBe('?')
    expect(formatDuration(850)).toBe('850 ms')
    expect(formatDuration(12_345)).toBe('12.3 s')
    expect(formatDuration(245_000)).toBe('4 min 05 s')
  })
})

describe('renderTable', () => {
  it('aligns text left and numbers right, with a rule and footer', () => {
    const rows = [
      { id: 'conv1', params: '9,408' },
      { id: 'fc', params: '513,000' },
    ]
    const text = renderTable(
      [
        { header: 'id', value: (r: (typeof rows)[number]) => r.id },
        { header: 'params', align: 'right', value: (r) => r.params },
      ],
      rows,
      [{ id: 'total', params: '522,408' }],
    )
    expect(text.split('\n')).toEqual([
      'id      params',
      '─────  ───────',
      'conv1    9,408',
      'fc     513,000',
      '─────  ───────',
      'total  522,408',
    ])
  })
})
