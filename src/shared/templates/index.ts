import { alexnet } from './alexnet'
import { cifarPlains, cifarResnets } from './cifarResnet'
import { googlenet } from './googlenet'
import { lenet5 } from './lenet'
import { resnet101, resnet152, resnet18, resnet34, resnet50 } from './resnet'
import type { TemplateInfo } from './types'
import { vgg11, vgg16, vgg19 } from './vgg'

export type { PaperRef, TemplateDataset, TemplateInfo } from './types'

/** Every template, in the order of history. */
export const templates: readonly TemplateInfo[] = [
  lenet5,
  alexnet,
  vgg11,
  vgg16,
  vgg19,
  googlenet,
  resnet18,
  resnet34,
  resnet50,
  resnet101,
  resnet152,
  ...cifarResnets,
  ...cifarPlains,
]

const byId = new Map(templates.map((t) => [t.id, t]))

/** The template with this id, or undefined. */
export function getTemplate(id: string): TemplateInfo | undefined {
  return byId.get(id)
}
