import { getTemplate, templates } from '../../shared/templates'
import type { TemplateSummary } from '../../shared/api'
import { fail } from './errors'
import type { Handlers } from './types'

/** Totals of a design as the graph core computes them; null when it cannot be analysed. */
export type TemplateAnalyzer = (design: ReturnType<(typeof templates)[number]['build']>) => {
  params: number
  macs: number
  inputShape: number[] | null
  outputShape: number[] | null
} | null

/** The classic architectures. Summaries are computed once: analysing ResNet-152 is not free. */
export function templateHandlers(
  analyze: TemplateAnalyzer,
): Pick<Handlers, 'templates:list' | 'templates:get'> {
  let summaries: TemplateSummary[] | null = null
  const summarize = (): TemplateSummary[] =>
    templates.map((t) => {
      const totals = analyze(t.build())
      return {
        id: t.id,
        name: t.name,
        year: t.year,
        story: t.story,
        dataset: t.dataset,
        paper: t.paper,
        trainDefaults: t.trainDefaults,
        params: totals?.params ?? null,
        macs: totals?.macs ?? null,
        inputShape: totals?.inputShape ?? null,
        outputShape: totals?.outputShape ?? null,
      }
    })
  return {
    'templates:list': () => (summaries ??= summarize()),
    'templates:get': ({ id }) => {
      const template = getTemplate(id) ?? fail('NOT_FOUND', `No template with id "${id}".`)
      return { id, design: template.build() }
    },
  }
}
