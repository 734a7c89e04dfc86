import { z } from 'zod'
import { activation } from './activation'
import { concat } from './concat'
import { conv2d } from './conv2d'
import { maxPool2d } from './maxPool2d'
import { int } from './params'
import { defineComposite, type Builder, type Ref } from './spec'

const width = (def: number, description: string) => int(def, 1, 4096, description)

/** A conv followed by ReLU, as every convolution of GoogLeNet is. */
function convRelu(b: Builder, name: string, filters: number, kernel: number, x: Ref): Ref {
  const y = b.layer(conv2d, name, { filters, kernel }, [x])
  return b.layer(activation, `${name}_relu`, { fn: 'relu' }, [y])
}

export const inceptionModule = defineComposite({
  kind: 'inceptionModule',
  label: 'Inception module',
  category: 'composite',
  description: 'Parallel 1×1, 3×3, 5×5 and pool branches, concatenated (GoogLeNet).',
  params: z.object({
    b1x1: width(64, '#1×1: filters of the 1×1 branch'),
    b3x3reduce: width(96, '#3×3 reduce: 1×1 filters before the 3×3'),
    b3x3: width(128, '#3×3: filters of the 3×3 branch'),
    b5x5reduce: width(16, '#5×5 reduce: 1×1 filters before the 5×5'),
    b5x5: width(32, '#5×5: filters of the 5×5 branch'),
    poolProj: width(32, 'pool proj: 1×1 filters after the 3×3 max pool'),
  }),
  ports: { inputs: 1 },
  build: (p, b, x) => {
    const one = convRelu(b, '1x1', p.b1x1, 1, x)
    const three = convRelu(b, '3x3', p.b3x3, 3, convRelu(b, '3x3_reduce', p.b3x3reduce, 1, x))
    const five = convRelu(b, '5x5', p.b5x5, 5, convRelu(b, '5x5_reduce', p.b5x5reduce, 1, x))
    const pool = b.layer(maxPool2d, 'pool', { pool: 3, stride: 1, padding: 'same' }, [x])
    const proj = convRelu(b, 'pool_proj', p.poolProj, 1, pool)
    return b.layer(concat, 'concat', {}, [one, three, five, proj])
  },
})
