import { ChannelPad } from './channelPadLayer'
import { type Builder, applyTo, single } from './types'

/** Zero channels appended (the parameter-free residual shortcut); a custom serialisable layer. */
export const channelPad: Builder<'channelPad'> = (node, inputs) =>
  applyTo(new ChannelPad({ name: node.name, channels: node.params.channels }), single(node, inputs))
