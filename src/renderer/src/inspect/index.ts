/** The run inspector: evaluation, predictions, filters, top-9 patches and feature maps of a run. */
export { InspectOverlay, InspectView } from './InspectOverlay'
export { openInspector, useInspect } from './inspectStore'
