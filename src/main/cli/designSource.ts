import { readFileSync } from 'node:fs'
import { parseDesignFile } from '../../shared/graph'
import type { Design } from '../../shared/graph/types'
import { getTemplate, type TemplateInfo } from '../../shared/templates'
import { CliError } from './format'

export interface LoadedDesign {
  design: Design
  /** Where it came from, for headings: "template resnet50" or the file path. */
  source: string
  template?: TemplateInfo
}

/**
 * Resolves a command's `<design.json | template id>` argument: a template id wins, otherwise
 * the argument is a design file read, migrated and validated by the graph core.
 */
export function loadDesign(ref: string): LoadedDesign {
  const template = getTemplate(ref)
  if (template) return { design: template.build(), source: `template ${template.id}`, template }

  let text: string
  try {
    text = readFileSync(ref, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') {
      throw new CliError(
        'NOT_FOUND',
        `${ref}: no such file, and no template with that id (see \`blockwise templates\`)`,
      )
    }
    if (code === 'EISDIR')
      throw new CliError('INVALID_INPUT', `${ref}: is a directory, not a design file`)
    throw new CliError(
      'IO',
      `${ref}: cannot read (${error instanceof Error ? error.message : String(error)})`,
    )
  }
  const parsed = parseDesignFile(text)
  if (!parsed.ok) throw new CliError('INVALID_DESIGN', `${ref}: ${parsed.error}`)
  return { design: parsed.design, source: ref }
}
