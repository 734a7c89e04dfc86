import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { confusionCsv, pngGrid } from './inspectFiles'

describe('inspection files', () => {
  it('writes the confusion matrix as CSV, rows true and columns predicted, names quoted when needed', () => {
    expect(
      confusionCsv(
        ['cat', 'dog, big'],
        [
          [5, 1],
          [2, 7],
        ],
      ),
    ).toBe('true \\ predicted,cat,"dog, big"\ncat,5,1\n"dog, big",2,7\n')
  })

  it('lays filter PNGs on a grid: columns × rows of scaled cells with gaps', async () => {
    const tile = await sharp(Buffer.alloc(5 * 5 * 4, 200), {
      raw: { width: 5, height: 5, channels: 4 },
    })
      .png()
      .toBuffer()
    const grid = await pngGrid(
      Array.from({ length: 6 }, () => tile),
      3,
      8,
      2,
    )
    const meta = await sharp(grid).metadata()
    expect([meta.width, meta.height]).toEqual([3 * 40 + 2 * 2, 2 * 40 + 2])
  })
})
