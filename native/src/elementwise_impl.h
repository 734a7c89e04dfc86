// The loops behind the elementwise kernels, compiled once per instruction set
// (elementwise_generic.cc, elementwise_avx2.cc) under a target pragma. Raw pointers and
// internal linkage only: no library template is instantiated here, so no AVX2 code can be
// picked by the linker for the portable build.
#pragma once
#include <cstdint>
#include <cstring>

#include "elementwise.h"

namespace {
using bw::Runtime;
using bw::Span;

/**
 * Fewest floats worth waking the pool for. Below it the wake-up and the hand-back cost more
 * than a second core saves (measured on 2 cores: 256k floats relu 27 µs alone, 36 µs on two;
 * 1M floats 107 µs alone, 92 on two).
 */
constexpr size_t kParallelMin = 524288;

/** f(unit) for every unit: over the pool when the job has `floats` ≥ kParallelMin, else here. */
template <class F>
void parallelFor(const Runtime& rt, size_t units, size_t floats, F& f) {
  if (floats < kParallelMin) {
    for (size_t u = 0; u < units; ++u) f(static_cast<int>(u));
    return;
  }
  rt.parallel(
      static_cast<int>(units), [](void* arg, int unit, int) { (*static_cast<F*>(arg))(unit); },
      &f);
}

/** body(start, end) over chunks of n; `cost` weighs a float against a copied one (tanh does
 *  ~30 operations a float, so it is worth the pool at an eighth of the size). */
template <class F>
void eachChunk(const Runtime& rt, size_t n, size_t chunk, F body, size_t cost = 1) {
  auto unit = [&](int u) {
    const size_t start = static_cast<size_t>(u) * chunk;
    body(start, start + chunk < n ? start + chunk : n);
  };
  parallelFor(rt, (n + chunk - 1) / chunk, n * cost, unit);
}

struct AddOp {
  static float f(float a, float b) { return a + b; }
};
struct SubOp {
  static float f(float a, float b) { return a - b; }
};
struct MulOp {
  static float f(float a, float b) { return a * b; }
};
struct DivOp {
  static float f(float a, float b) { return a / b; }
};
struct TanhGradOp {
  static float f(float y, float dy) {
    const float s = y * y;
    const float t = 1.f - s;
    return t * dy;
  }
};

/** One operand as the inner loop reads it: in place, from its pattern, or one value. */
template <Span S>
struct Read {
  const float* p;
  float v;
  float at(size_t i) const {
    if constexpr (S == Span::Scalar) return v;
    return p[i];
  }
};

/** a op b, where a channel operand is read from its pattern (`block` floats, repeating from
 *  each block's start) and chunks start at multiples of the channel count. */
template <class Op, Span SA, Span SB>
void binaryAs(const Runtime& rt, const bw::BinaryArgs& g) {
  const float *a = g.a, *b = g.b;
  const size_t block = g.block;
  eachChunk(rt, g.n, g.chunk, [&](size_t start, size_t end) {
    for (size_t i = start; i < end; i += block) {
      const size_t len = end - i < block ? end - i : block;
      const Read<SA> ra{SA == Span::Full ? a + i : a, a[0]};
      const Read<SB> rb{SB == Span::Full ? b + i : b, b[0]};
      float* o = g.out + i;
      for (size_t j = 0; j < len; ++j) o[j] = Op::f(ra.at(j), rb.at(j));
    }
  });
}

template <class Op>
void binaryOp(const Runtime& rt, const bw::BinaryArgs& g) {
  using S = Span;
  if (g.sa == S::Full && g.sb == S::Full) return binaryAs<Op, S::Full, S::Full>(rt, g);
  if (g.sa == S::Full && g.sb == S::Channel) return binaryAs<Op, S::Full, S::Channel>(rt, g);
  if (g.sa == S::Channel && g.sb == S::Full) return binaryAs<Op, S::Channel, S::Full>(rt, g);
  if (g.sa == S::Full && g.sb == S::Scalar) return binaryAs<Op, S::Full, S::Scalar>(rt, g);
  if (g.sa == S::Scalar && g.sb == S::Full) return binaryAs<Op, S::Scalar, S::Full>(rt, g);
}

void binaryLoop(const Runtime& rt, const bw::BinaryArgs& g) {
  switch (g.op) {
    case bw::BinaryOp::Add:
      return binaryOp<AddOp>(rt, g);
    case bw::BinaryOp::Sub:
      return binaryOp<SubOp>(rt, g);
    case bw::BinaryOp::Mul:
      return binaryOp<MulOp>(rt, g);
    case bw::BinaryOp::Div:
      return binaryOp<DivOp>(rt, g);
    case bw::BinaryOp::TanhGrad:
      return binaryOp<TanhGradOp>(rt, g);
  }
}

uint32_t bitsOf(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

float floatOf(uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

/**
 * tanh without a library call, so the loop vectorises: for |x| < 1/8 its odd Taylor series to
 * x⁷ (the next term is below 2e-10 relative there); above, 1 − 2/(e^{2|x|} + 1) with e^y as
 * 2^k · p(r), r = y − k·ln 2 in ±ln2/2 and p the series to r⁷ (~5e-9). Cancellation near 1/8
 * costs a factor of 7: ~1e-6 relative at worst. |x| is clamped to 20 before the exponential
 * (tanh is 1 in float from ~9.01), and the sign is put back by bits, so −0 stays −0; NaN passes.
 */
float tanhOf(float x) {
  const uint32_t bits = bitsOf(x);
  const uint32_t sign = bits & 0x80000000u;
  const float magnitude = floatOf(bits & 0x7fffffffu);
  // min(|x|, 20) by bits (NaN becomes 20 here; its bits are put back at the end).
  const uint32_t below = 0u - static_cast<uint32_t>(magnitude < 20.f);
  const float a = floatOf((below & (bits & 0x7fffffffu)) | (~below & bitsOf(20.f)));
  // Small: x·(1 − x²/3 + 2x⁴/15 − 17x⁶/315).
  const float a2 = a * a;
  const float small =
      a * (1.f + a2 * (-1.f / 3 + a2 * (2.f / 15 + a2 * (-17.f / 315))));
  // Large: e^{2a} = 2^k · e^r.
  const float y = 2.f * a;
  const int k = static_cast<int>(y * 1.44269504f + 0.5f);
  const float kf = static_cast<float>(k);
  const float r = (y - kf * 0.693145752f) - kf * 1.42860677e-6f;
  float p = 1.f / 5040;
  p = p * r + 1.f / 720;
  p = p * r + 1.f / 120;
  p = p * r + 1.f / 24;
  p = p * r + 1.f / 6;
  p = p * r + 0.5f;
  p = p * r + 1.f;
  p = p * r + 1.f;
  const float e = floatOf(bitsOf(p) + (static_cast<uint32_t>(k) << 23));
  const float large = 1.f - 2.f / (e + 1.f);
  // Bit selects here too: GCC keeps float `?:` as branches and then will not vectorise.
  const uint32_t isSmall = 0u - static_cast<uint32_t>(a < 0.125f);
  const uint32_t t = (isSmall & bitsOf(small)) | (~isSmall & bitsOf(large));
  const uint32_t nan = 0u - static_cast<uint32_t>((bits & 0x7fffffffu) > 0x7f800000u);
  return floatOf((nan & bits) | (~nan & (t | sign)));
}

void unaryLoop(const Runtime& rt, bw::UnaryOp op, const float* x, float* out, size_t n,
               float alpha, size_t chunk) {
  switch (op) {
    case bw::UnaryOp::Square:
      return eachChunk(rt, n, chunk, [=](size_t s, size_t e) {
        for (size_t i = s; i < e; ++i) out[i] = x[i] * x[i];
      });
    case bw::UnaryOp::Relu:
      // As Math.max(0, x): NaN stays NaN, −0 becomes 0. Selects, not branches: the signs of
      // activations are a coin toss to a branch predictor.
      return eachChunk(rt, n, chunk, [=](size_t s, size_t e) {
        for (size_t i = s; i < e; ++i) {
          const float v = x[i];
          const float r = v > 0.f ? v : 0.f;
          out[i] = v == v ? r : v;
        }
      });
    case bw::UnaryOp::Tanh:
      return eachChunk(rt, n, chunk, [=](size_t s, size_t e) {
        for (size_t i = s; i < e; ++i) out[i] = tanhOf(x[i]);
      }, 8);
    case bw::UnaryOp::Step: {
      // Bit selects: GCC leaves `v > 0 ? 1 : alpha` a branch, ~5 ns a misprediction.
      const uint32_t one = bitsOf(1.f), other = bitsOf(alpha);
      return eachChunk(rt, n, chunk, [=](size_t s, size_t e) {
        const uint32_t* xb = reinterpret_cast<const uint32_t*>(x);
        uint32_t* ob = reinterpret_cast<uint32_t*>(out);
        for (size_t i = s; i < e; ++i) {
          const uint32_t v = xb[i];
          const uint32_t mag = v & 0x7fffffffu;
          // Positive: sign clear and not zero; NaN: magnitude above infinity's.
          const uint32_t positive = 0u - static_cast<uint32_t>((v >> 31) == 0 && mag != 0);
          const uint32_t nan = 0u - static_cast<uint32_t>(mag > 0x7f800000u);
          ob[i] = (nan & v) | (~nan & ((positive & one) | (~positive & other)));
        }
      });
    }
  }
}

void fillLoop(const Runtime& rt, float* out, size_t n, float value, size_t chunk) {
  eachChunk(rt, n, chunk, [=](size_t s, size_t e) {
    for (size_t i = s; i < e; ++i) out[i] = value;
  });
}

/** partial[block · stride + c] = Σ over that block's rows of x[row, c], in double. */
void channelSumLoop(const Runtime& rt, const float* x, size_t rows, size_t channels,
                    size_t blockRows, double* partial, size_t stride) {
  const size_t blocks = (rows + blockRows - 1) / blockRows;
  auto unit = [&](int u) {
    double* acc = partial + static_cast<size_t>(u) * stride;
    for (size_t c = 0; c < channels; ++c) acc[c] = 0.0;
    const size_t r0 = static_cast<size_t>(u) * blockRows;
    const size_t r1 = r0 + blockRows < rows ? r0 + blockRows : rows;
    size_t r = r0;
    // Eight rows summed pairwise in float, then added in double: a conversion per eight values
    // rather than per value, and rounding as small as summing in double throughout.
    const size_t C = channels;
    for (; r + 8 <= r1; r += 8) {
      const float* p = x + r * C;
      for (size_t c = 0; c < C; ++c) {
        const float s01 = p[c] + p[C + c], s23 = p[2 * C + c] + p[3 * C + c];
        const float s45 = p[4 * C + c] + p[5 * C + c], s67 = p[6 * C + c] + p[7 * C + c];
        acc[c] += static_cast<double>((s01 + s23) + (s45 + s67));
      }
    }
    for (; r < r1; ++r) {
      const float* row = x + r * C;
      for (size_t c = 0; c < C; ++c) acc[c] += row[c];
    }
  };
  parallelFor(rt, blocks, rows * channels, unit);
}

/** out = (x − mean)·k + offset, with mean, k and offset as patterns of `block` floats. */
void batchNormLoop(const Runtime& rt, const float* x, size_t n, const float* mean,
                   const float* k, const float* offset, size_t block, size_t chunk,
                   float* out) {
  eachChunk(rt, n, chunk, [=](size_t start, size_t end) {
    for (size_t i = start; i < end; i += block) {
      const size_t len = end - i < block ? end - i : block;
      const float* xi = x + i;
      float* yi = out + i;
      for (size_t j = 0; j < len; ++j) yi[j] = (xi[j] - mean[j]) * k[j] + offset[j];
    }
  });
}

}  // namespace
