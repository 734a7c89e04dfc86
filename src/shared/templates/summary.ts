import { analyze } from '../graph'
import { templates } from './index'
import type { TemplateInfo } from './types'

/** A template with the totals the graph core computes for it (what galleries and lists show). */
export interface TemplateTotals {
  params: number | null
  macs: number | null
  inputShape: number[] | null
  outputShape: number[] | null
}

export type TemplateSummary = Omit<TemplateInfo, 'build'> & TemplateTotals

/** One template's card: its story and its totals (null when the design does not analyse). */
export function summarizeTemplate(t: TemplateInfo): TemplateSummary {
  const analysis = analyze(t.build())
  return {
    id: t.id,
    name: t.name,
    year: t.year,
    story: t.story,
    dataset: t.dataset,
    paper: t.paper,
    trainDefaults: t.trainDefaults,
    params: analysis.valid ? analysis.totals.params : null,
    macs: analysis.valid ? analysis.totals.macs : null,
    inputShape: analysis.inputShape ? [...analysis.inputShape] : null,
    outputShape: analysis.outputShape ? [...analysis.outputShape] : null,
  }
}

/** Every template's summary, in the order of history. */
export function templateSummaries(): TemplateSummary[] {
  return templates.map(summarizeTemplate)
}
