import onnxProto from 'onnx-proto'

const { onnx } = onnxProto

export type Attr = number | number[] | { float: number }

/** Collects ONNX nodes and initializers; tensor and node names stay readable for Netron. */
export class OnnxGraphBuilder {
  readonly nodes: onnxProto.onnx.INodeProto[] = []
  readonly initializers: onnxProto.onnx.ITensorProto[] = []

  /** A float32 initializer (weights), stored as little-endian raw data. */
  floats(name: string, dims: readonly number[], data: Float32Array): string {
    const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    this.initializers.push({
      name,
      dims: [...dims],
      dataType: onnx.TensorProto.DataType.FLOAT,
      rawData: raw.slice(),
    })
    return name
  }

  /** An int64 initializer (shapes, pads). */
  int64s(name: string, values: readonly number[]): string {
    const data = BigInt64Array.from(values.map((v) => BigInt(v)))
    this.initializers.push({
      name,
      dims: [values.length],
      dataType: onnx.TensorProto.DataType.INT64,
      rawData: new Uint8Array(data.buffer),
    })
    return name
  }

  /** Adds a node; integers become INT(S) attributes, `{float}` a FLOAT one. Returns the output name. */
  node(
    opType: string,
    inputs: string[],
    output: string,
    attrs: Record<string, Attr> = {},
    name = output,
  ): string {
    const attribute = Object.entries(attrs).map(([key, value]): onnxProto.onnx.IAttributeProto => {
      if (Array.isArray(value))
        return { name: key, type: onnx.AttributeProto.AttributeType.INTS, ints: value }
      if (typeof value === 'number')
        return { name: key, type: onnx.AttributeProto.AttributeType.INT, i: value }
      return { name: key, type: onnx.AttributeProto.AttributeType.FLOAT, f: value.float }
    })
    this.nodes.push({ opType, input: inputs, output: [output], name, attribute })
    return output
  }
}

/** A float tensor's type for graph inputs and outputs; strings are symbolic dimensions. */
export function valueInfo(name: string, dims: (number | string)[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: {
          dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })),
        },
      },
    },
  }
}

export interface OnnxModelParts {
  name: string
  doc: string
  builder: OnnxGraphBuilder
  inputs: onnxProto.onnx.IValueInfoProto[]
  outputs: onnxProto.onnx.IValueInfoProto[]
  opset: number
  /** Shown by Netron under the model's properties. */
  metadata?: Record<string, string>
}

/** Serialises a model (IR version 8) to protobuf bytes. */
export function encodeModel(parts: OnnxModelParts): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'Blockwise',
    producerVersion: '0.1.0',
    docString: parts.doc,
    opsetImport: [{ domain: '', version: parts.opset }],
    metadataProps: Object.entries(parts.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph: {
      name: parts.name,
      node: parts.builder.nodes,
      initializer: parts.builder.initializers,
      input: parts.inputs,
      output: parts.outputs,
    },
  })
  return onnx.ModelProto.encode(model).finish()
}
