import { DESIGN_VERSION, type Design } from '../../../shared/graph/types'

/** A new design: an MNIST-sized input and a 10-class output, ready for blocks in between. */
export function blankDesign(name = 'Untitled design'): Design {
  return {
    version: DESIGN_VERSION,
    name,
    nodes: [
      {
        id: 'input',
        kind: 'input',
        params: { height: 28, width: 28, channels: 1 },
        position: { x: 0, y: 0 },
      },
      { id: 'output', kind: 'output', params: { classes: 10 }, position: { x: 0, y: 420 } },
    ],
    edges: [],
  }
}
