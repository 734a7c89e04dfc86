import { describe, expect, it } from 'vitest'
import { analyze, parseDesignFile, serializeDesign } from '../graph'
import { hyperparametersSchema } from '../training/settings'
import { getTemplate, templates } from '.'

/** Trainable parameters: the papers' and torchvision's figures (GoogLeNet: Table 1 summed exactly). */
const EXPECTED = {
  lenet5: { params: 61_706, classes: 10, input: [28, 28, 1], depth: 5 },
  alexnet: { params: 62_378_344, classes: 1000, input: [227, 227, 3], depth: 8 },
  vgg11: { params: 132_863_336, classes: 1000, input: [224, 224, 3], depth: 11 },
  vgg16: { params: 138_357_544, classes: 1000, input: [224, 224, 3], depth: 16 },
  vgg19: { params: 143_667_240, classes: 1000, input: [224, 224, 3], depth: 19 },
  googlenet: { params: 6_998_552, classes: 1000, input: [224, 224, 3], depth: 22 },
  resnet18: { params: 11_689_512, classes: 1000, input: [224, 224, 3], depth: 18 },
  resnet34: { params: 21_797_672, classes: 1000, input: [224, 224, 3], depth: 34 },
  resnet50: { params: 25_557_032, classes: 1000, input: [224, 224, 3], depth: 50 },
  resnet101: { params: 44_549_160, classes: 1000, input: [224, 224, 3], depth: 101 },
  resnet152: { params: 60_192_808, classes: 1000, input: [224, 224, 3], depth: 152 },
  'cifar-resnet20': { params: 269_722, classes: 10, input: [32, 32, 3], depth: 20 },
  'cifar-resnet32': { params: 464_154, classes: 10, input: [32, 32, 3], depth: 32 },
  'cifar-resnet56': { params: 853_018, classes: 10, input: [32, 32, 3], depth: 56 },
  'cifar-resnet110': { params: 1_727_962, classes: 10, input: [32, 32, 3], depth: 110 },
  'cifar-plain20': { params: 269_722, classes: 10, input: [32, 32, 3], depth: 20 },
  'cifar-plain32': { params: 464_154, classes: 10, input: [32, 32, 3], depth: 32 },
  'cifar-plain56': { params: 853_018, classes: 10, input: [32, 32, 3], depth: 56 },
  'cifar-plain110': { params: 1_727_962, classes: 10, input: [32, 32, 3], depth: 110 },
} as const

describe('templates', () => {
  it('lists exactly the contract ids, each once, each found by getTemplate', () => {
    expect(templates.map((t) => t.id)).toEqual(Object.keys(EXPECTED))
    for (const t of templates) expect(getTemplate(t.id)).toBe(t)
    expect(getTemplate('resnet9000')).toBeUndefined()
  })

  describe.each(templates.map((t) => [t.id, t] as const))('%s', (id, template) => {
    const expected = EXPECTED[id as keyof typeof EXPECTED]
    const design = template.build()
    const analysis = analyze(design)

    it('has the paper’s parameter count, input and output shape, and depth', () => {
      expect(analysis.totals.params).toBe(expected.params)
      expect(analysis.inputShape).toEqual(expected.input)
      expect(analysis.outputShape).toEqual([expected.classes])
      expect(analysis.totals.depth).toBe(expected.depth)
      expect(analysis.totals.macs).toBeGreaterThan(0)
    })

    it('validates without errors', () => {
      expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
      expect(analysis.valid).toBe(true)
    })

    it('round-trips through the design-file format', () => {
      const parsed = parseDesignFile(serializeDesign(design))
      expect(parsed).toEqual({ ok: true, design })
    })

    it('is laid out top to bottom with unique ids and one chain of edges', () => {
      const ys = design.nodes.map((n) => n.position.y)
      for (let i = 1; i < ys.length; i++) expect(ys[i]).toBeGreaterThan(ys[i - 1]!)
      expect(new Set(design.nodes.map((n) => n.id)).size).toBe(design.nodes.length)
      expect(design.edges).toHaveLength(design.nodes.length - 1)
    })

    it('carries its story, paper and a valid training recipe', () => {
      expect(template.story.length).toBeGreaterThan(20)
      expect(template.paper.title).not.toBe('')
      expect(hyperparametersSchema.parse(template.trainDefaults)).toEqual(template.trainDefaults)
      expect(template.dataset).toBe(
        expected.classes === 1000 ? 'imagenet' : id === 'lenet5' ? 'mnist' : 'cifar10',
      )
    })
  })

  it('builds a fresh design each time', () => {
    const a = getTemplate('lenet5')!.build()
    a.nodes[1]!.params.filters = 99
    expect(getTemplate('lenet5')!.build().nodes[1]!.params.filters).toBe(6)
  })

  it('uses composites: ResNet-152 is eleven blocks, GoogLeNet nine inception modules', () => {
    expect(
      getTemplate('resnet152')!
        .build()
        .nodes.map((n) => n.kind),
    ).toEqual([
      'input',
      'conv2d',
      'batchNorm',
      'activation',
      'maxPool2d',
      'stage',
      'stage',
      'stage',
      'stage',
      'globalAvgPool',
      'output',
    ])
    const googlenet = getTemplate('googlenet')!.build()
    expect(googlenet.nodes.filter((n) => n.kind === 'inceptionModule')).toHaveLength(9)
    expect(analyze(googlenet).nodes.inception_5b!.shape).toEqual([7, 7, 1024])
  })

  it('costs what the papers quote in multiply-accumulates', () => {
    // VGG-16 15.5 G; ResNet-50 4.09 G as torchvision counts it (the paper's 3.8 G strides in
    // the first 1×1 of a bottleneck, we stride in the 3×3 as torchvision's v1.5 does);
    // GoogLeNet ~1.5 G as the paper says; AlexNet ~1.1 G for the single 96-filter tower.
    const gmacs = (id: string) => analyze(getTemplate(id)!.build()).totals.macs / 1e9
    expect(gmacs('vgg16')).toBeCloseTo(15.47, 2)
    expect(gmacs('resnet18')).toBeCloseTo(1.81, 2)
    expect(gmacs('resnet50')).toBeCloseTo(4.09, 2)
    expect(gmacs('googlenet')).toBeCloseTo(1.58, 2)
    expect(gmacs('alexnet')).toBeCloseTo(1.14, 2)
    expect(gmacs('cifar-resnet20')).toBeCloseTo(0.0406, 3)
  })

  it('GoogLeNet lands near the paper’s ~6.8M, and plain nets match their residual twins', () => {
    expect(Math.abs(EXPECTED.googlenet.params - 6.8e6) / 6.8e6).toBeLessThan(0.05)
    for (const depth of [20, 32, 56, 110]) {
      const res = getTemplate(`cifar-resnet${depth}`)!.build()
      const plain = getTemplate(`cifar-plain${depth}`)!.build()
      expect(plain.nodes.filter((n) => n.kind === 'stage').map((n) => n.params.shortcut)).toEqual([
        'none',
        'none',
        'none',
      ])
      expect(res.nodes.filter((n) => n.kind === 'stage').map((n) => n.params.shortcut)).toEqual([
        'identity',
        'zeroPad',
        'zeroPad',
      ])
    }
  })
})
