import { getTemplate } from '../../shared/templates'
import { templateSummaries } from '../../shared/templates/summary'
import type { TemplateSummary } from '../../shared/api'
import { fail } from './errors'
import type { Handlers } from './types'

/** The classic architectures. Summaries are computed once: analysing ResNet-152 is not free. */
export function templateHandlers(): Pick<Handlers, 'templates:list' | 'templates:get'> {
  let summaries: TemplateSummary[] | null = null
  return {
    'templates:list': () => (summaries ??= templateSummaries()),
    'templates:get': ({ id }) => {
      const template = getTemplate(id) ?? fail('NOT_FOUND', `No template with id "${id}".`)
      return { id, design: template.build() }
    },
  }
}
