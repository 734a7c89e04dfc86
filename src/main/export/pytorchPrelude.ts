/** Python source shared by every exported model.py: TF-style padding helpers and the weight loader. */
export const PRELUDE = `import json
import struct

import torch
import torch.nn as nn
import torch.nn.functional as F


def same_pads(size, kernel, stride, dilation=1):
    """TensorFlow's 'same' padding of one axis: output ceil(size / stride), extra pixel at the end."""
    out = -(-size // stride)
    total = max((out - 1) * stride + (kernel - 1) * dilation + 1 - size, 0)
    return total // 2, total - total // 2


def pad_same(x, kernel, stride, dilation=1, value=0.0):
    top, bottom = same_pads(x.shape[2], kernel, stride, dilation)
    left, right = same_pads(x.shape[3], kernel, stride, dilation)
    return F.pad(x, (left, right, top, bottom), value=value)


class Conv2dSame(nn.Conv2d):
    """nn.Conv2d with TensorFlow's 'same' padding, as the model was trained (asymmetric when strided)."""

    def forward(self, x):
        x = pad_same(x, self.kernel_size[0], self.stride[0], self.dilation[0])
        return super().forward(x)


class MaxPool2dSame(nn.MaxPool2d):
    """Max pooling with TensorFlow's 'same' padding (padded pixels never win)."""

    def forward(self, x):
        return super().forward(pad_same(x, self.kernel_size, self.stride, value=float("-inf")))


class AvgPool2dSame(nn.AvgPool2d):
    """Average pooling with TensorFlow's 'same' padding: averages over the real pixels only."""

    def forward(self, x):
        ones = torch.ones_like(x[:, :1])
        total = super().forward(pad_same(x, self.kernel_size, self.stride))
        count = super().forward(pad_same(ones, self.kernel_size, self.stride))
        return total / count


def load_safetensors(path):
    """Reads a .safetensors file (8-byte header length, JSON header, raw little-endian data)."""
    dtypes = {"F32": torch.float32, "I64": torch.int64}
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = bytearray(f.read())
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        flat = torch.frombuffer(memoryview(data)[begin:end], dtype=dtypes[info["dtype"]])
        tensors[name] = flat.reshape(info["shape"]).clone()
    return tensors
`

/** A residual block and a stage of them, mirroring src/shared/graph/blocks/residualBlock.ts. */
export const RESIDUAL = `

class Block(nn.Module):
    """A residual block (He et al. 2015): basic = 3x3 -> 3x3, bottleneck = 1x1 -> 3x3 -> 1x1 (4x wider out).

    shortcut: 'identity', 'projection' (1x1 conv), 'zeroPad' (subsample, zero channels) or 'none' (plain twin).
    """

    def __init__(self, variant, in_channels, filters, stride=1, shortcut="identity", batch_norm=True, eps=1e-3, momentum=0.01):
        super().__init__()
        self.out_channels = filters * 4 if variant == "bottleneck" else filters
        if variant == "basic":
            convs = [(in_channels, filters, 3, stride), (filters, filters, 3, 1)]
        else:
            convs = [(in_channels, filters, 1, 1), (filters, filters, 3, stride), (filters, self.out_channels, 1, 1)]
        self.depth = len(convs)
        for i, (cin, cout, kernel, s) in enumerate(convs, 1):
            setattr(self, f"conv{i}", Conv2dSame(cin, cout, kernel, s, bias=not batch_norm))
            setattr(self, f"bn{i}", nn.BatchNorm2d(cout, eps, momentum) if batch_norm else nn.Identity())
        self.shortcut, self.stride = shortcut, stride
        if shortcut == "projection":
            self.shortcut_conv = Conv2dSame(in_channels, self.out_channels, 1, stride, bias=not batch_norm)
            self.shortcut_bn = nn.BatchNorm2d(self.out_channels, eps, momentum) if batch_norm else nn.Identity()

    def forward(self, x):
        y = x
        for i in range(1, self.depth + 1):
            y = getattr(self, f"bn{i}")(getattr(self, f"conv{i}")(y))
            if i < self.depth:
                y = F.relu(y)
        if self.shortcut == "none":
            return F.relu(y)
        return F.relu(y + self.shortcut_of(x))

    def shortcut_of(self, x):
        if self.shortcut == "projection":
            return self.shortcut_bn(self.shortcut_conv(x))
        if self.shortcut == "zeroPad":
            x = x[:, :, :: self.stride, :: self.stride]
            return F.pad(x, (0, 0, 0, 0, 0, self.out_channels - x.shape[1]))
        return x


class Stage(nn.Sequential):
    """Residual blocks in a row: the first may downsample and widen, the others keep the shape."""

    def __init__(self, variant, in_channels, filters, blocks, stride=1, shortcut="identity", batch_norm=True, eps=1e-3, momentum=0.01):
        later = "none" if shortcut == "none" else "identity"
        width = filters * 4 if variant == "bottleneck" else filters
        super().__init__(*[
            Block(variant, in_channels if i == 0 else width, filters, stride if i == 0 else 1,
                  shortcut if i == 0 else later, batch_norm, eps, momentum)
            for i in range(blocks)
        ])
`

/** GoogLeNet's inception module, mirroring src/shared/graph/blocks/inceptionModule.ts. */
export const INCEPTION = `

class Inception(nn.Module):
    """GoogLeNet's inception module: 1x1, 1x1 -> 3x3, 1x1 -> 5x5 and 3x3 max pool -> 1x1, concatenated."""

    def __init__(self, in_channels, b1x1, b3x3reduce, b3x3, b5x5reduce, b5x5, pool_proj):
        super().__init__()
        self.branch1x1 = Conv2dSame(in_channels, b1x1, 1)
        self.branch3x3_reduce = Conv2dSame(in_channels, b3x3reduce, 1)
        self.branch3x3 = Conv2dSame(b3x3reduce, b3x3, 3)
        self.branch5x5_reduce = Conv2dSame(in_channels, b5x5reduce, 1)
        self.branch5x5 = Conv2dSame(b5x5reduce, b5x5, 5)
        self.pool = MaxPool2dSame(3, 1)
        self.pool_proj = Conv2dSame(in_channels, pool_proj, 1)

    def forward(self, x):
        return torch.cat([
            F.relu(self.branch1x1(x)),
            F.relu(self.branch3x3(F.relu(self.branch3x3_reduce(x)))),
            F.relu(self.branch5x5(F.relu(self.branch5x5_reduce(x)))),
            F.relu(self.pool_proj(self.pool(x))),
        ], 1)
`

/** Local layer names inside an inception module → the attribute holding them. */
export const INCEPTION_ATTRS: Record<string, string> = {
  '1x1': 'branch1x1',
  '3x3_reduce': 'branch3x3_reduce',
  '3x3': 'branch3x3',
  '5x5_reduce': 'branch5x5_reduce',
  '5x5': 'branch5x5',
  pool_proj: 'pool_proj',
}
