// The input gradient: dy · wᵀ per block of pixels added back over each window (col2im), the
// dense case, and stride-1 convs as a forward conv with the flipped filter. Part of conv_impl.h.
#pragma once
#include "conv_tiles.h"

namespace {

using bw::ConvShape;
using bw::Runtime;

template <class V, int MR, int NV>
struct Input {
  static constexpr int NR = NV * V::W;
  static constexpr int MC = MR * 8;  // pixels per dcol block
  const Runtime* rt;
  ConvShape g;
  Padded p;
  int kpad;
  const float* dy;
  const float* wt;  // packed wᵀ: [panel][Cout][NR]
  float* dx;

  static void unit(void* self, int unit, int thread) {
    static_cast<Input*>(self)->run(unit, thread);
  }

  void run(int n, int thread) {
    const int M = g.oh * g.ow;
    const int L = g.kw * g.cin;
    // dy rows are read MR at a time: a copy with room for the last tile's extra rows.
    float* d = rt->scratch(thread, 1, (static_cast<size_t>(M) + MR) * g.cout);
    std::memcpy(d, dy + static_cast<size_t>(n) * M * g.cout,
                static_cast<size_t>(M) * g.cout * sizeof(float));
    std::memset(d + static_cast<size_t>(M) * g.cout, 0, MR * g.cout * sizeof(float));
    float* dxp = rt->scratch(thread, 0, p.floats);
    std::memset(dxp, 0, p.floats * sizeof(float));
    float* dcol = rt->scratch(thread, 2, static_cast<size_t>(MC) * kpad);
    const int panels = kpad / NR;
    Tile t;
    t.ars = g.cout;
    t.aks = 1;
    t.aseg = 0;
    t.bks = NR;
    t.bseg = 0;
    t.nseg = 1;
    t.klen = g.cout;
    t.ldc = kpad;
    t.acc = false;
    t.bias = nullptr;
    t.relu = false;
    t.nr = NR;
    for (int m0 = 0; m0 < M; m0 += MC) {
      const int mc = M - m0 < MC ? M - m0 : MC;
      for (int r = 0; r < mc; r += MR) {
        t.mr = mc - r < MR ? mc - r : MR;
        t.a = d + static_cast<size_t>(m0 + r) * g.cout;
        for (int j = 0; j < panels; ++j) {
          t.b = wt + static_cast<size_t>(j) * g.cout * NR;
          t.c = dcol + static_cast<size_t>(r) * kpad + j * NR;
          micro<V, MR, NV>(t);
        }
      }
      for (int r = 0; r < mc; ++r) {
        const int m = m0 + r;
        const int oh = m / g.ow, ow = m % g.ow;
        const float* src = dcol + static_cast<size_t>(r) * kpad;
        float* base = dxp + (static_cast<size_t>(oh) * g.sh * p.wp + static_cast<size_t>(ow) * g.sw) *
                                g.cin;
        for (int kh = 0; kh < g.kh; ++kh) {
          float* dst = base + static_cast<size_t>(kh) * p.wp * g.cin;
          const float* s = src + kh * L;
          for (int q = 0; q < L; ++q) dst[q] += s[q];
        }
      }
    }
    // The padded image's interior is dx; rows and columns the conv never read stay zero.
    const size_t rowOut = static_cast<size_t>(g.w) * g.cin;
    float* out = dx + static_cast<size_t>(n) * g.h * rowOut;
    for (int y = 0; y < g.h; ++y) {
      float* o = out + y * rowOut;
      const int yp = y + g.top;
      if (yp >= p.hp) {
        std::memset(o, 0, rowOut * sizeof(float));
        continue;
      }
      const int cols = g.w + g.left <= p.wp ? g.w : p.wp - g.left;
      const int valid = cols > 0 ? cols : 0;
      std::memcpy(o, dxp + (static_cast<size_t>(yp) * p.wp + g.left) * g.cin,
                  static_cast<size_t>(valid) * g.cin * sizeof(float));
      std::memset(o + static_cast<size_t>(valid) * g.cin, 0,
                  static_cast<size_t>(g.w - valid) * g.cin * sizeof(float));
    }
  }
};

/** Input gradient of a dense conv: dx[N × K] = dy · wᵀ, tiles of MR images. */
template <class V, int MR, int NV>
struct DenseInput {
  static constexpr int NR = NV * V::W;
  ConvShape g;
  const float* dy;
  const float* tail;
  const float* wt;
  float* dx;

  static void unit(void* self, int unit, int) { static_cast<DenseInput*>(self)->run(unit); }

  void run(int unit) {
    const int K = g.kh * g.kw * g.cin;
    const int n0 = unit * MR;
    Tile t;
    t.mr = g.n - n0 < MR ? g.n - n0 : MR;
    t.a = t.mr < MR ? tail : dy + static_cast<size_t>(n0) * g.cout;
    t.ars = g.cout;
    t.aks = 1;
    t.aseg = 0;
    t.nseg = 1;
    t.klen = g.cout;
    t.bks = NR;
    t.bseg = 0;
    t.ldc = K;
    t.acc = false;
    t.bias = nullptr;
    t.relu = false;
    for (int j = 0; j < ceilDiv(K, NR); ++j) {
      t.b = wt + static_cast<size_t>(j) * g.cout * NR;
      t.c = dx + static_cast<size_t>(n0) * K + j * NR;
      t.nr = K - j * NR < NR ? K - j * NR : NR;
      micro<V, MR, NV>(t);
    }
  }
};

template <class V, int MR, int NV>
void input(const Runtime& rt, const ConvShape& g, const float* dy, const float* w, float* dx) {
  using F = Input<V, MR, NV>;
  constexpr int NR = F::NR;
  const int K = g.kh * g.kw * g.cin;
  const int panels = ceilDiv(K, NR);
  float* wt = rt.scratch(rt.threads, 0, static_cast<size_t>(panels) * g.cout * NR);
  for (int j = 0; j < panels; ++j)
    for (int co = 0; co < g.cout; ++co)
      for (int c = 0; c < NR; ++c) {
        const int k = j * NR + c;
        wt[(static_cast<size_t>(j) * g.cout + co) * NR + c] =
            k < K ? w[static_cast<size_t>(k) * g.cout + co] : 0.f;
      }
  if (isDense(g)) {
    const int tiles = ceilDiv(g.n, MR);
    const int last = (tiles - 1) * MR;
    float* tail = rt.scratch(rt.threads, 3, static_cast<size_t>(MR) * g.cout);
    paddedRows(tail, dy + static_cast<size_t>(last) * g.cout, g.n - last, MR, g.cout);
    DenseInput<V, MR, NV> d{g, dy, tail, wt, dx};
    rt.parallel(tiles, &DenseInput<V, MR, NV>::unit, &d);
    return;
  }
  F f{&rt, g, padded(g, MR), panels * NR, dy, wt, dx};
  rt.parallel(g.n, &F::unit, &f);
}

// ---------------------------------------------------------------------------------------------
// Input gradient of a stride-1 conv as a forward conv: dx is dy, padded by k−1−pad, convolved
// with the filter flipped in space and with in/out channels swapped. No col2im pass, and the
// forward kernel's larger reduction (kh·kw·Cout instead of Cout) keeps its tiles busier.

using ForwardFn = void (*)(const Runtime&, const ConvShape&, const float*, const float*,
                           const float*, bool, float*);

/** dx through `forward` when the conv has stride 1 and padding under the kernel; else false. */
inline bool inputByForward(const Runtime& rt, const ConvShape& g, const float* dy, const float* w,
                           float* dx, ForwardFn forward) {
  if (g.sh != 1 || g.sw != 1 || g.top > g.kh - 1 || g.left > g.kw - 1 || isDense(g)) return false;
  // It computes every dx pixel over the whole filter, padding included: worth it when dx has
  // about as many pixels as dy (same padding) and enough channels to fill the output vectors;
  // LeNet's valid 14×14×6 → 10×10 is 3× faster by col2im.
  if (g.cin < 16 || 4 * g.h * g.w > 5 * g.oh * g.ow) return false;
  ConvShape t;
  t.n = g.n;
  t.h = g.oh;
  t.w = g.ow;
  t.cin = g.cout;
  t.oh = g.h;
  t.ow = g.w;
  t.cout = g.cin;
  t.kh = g.kh;
  t.kw = g.kw;
  t.sh = t.sw = 1;
  t.top = g.kh - 1 - g.top;
  t.left = g.kw - 1 - g.left;
  // The windows of the last dx rows/columns must start inside padded dy (they do for tfjs's
  // same and valid paddings); otherwise col2im handles it.
  if (t.oh - 1 >= t.h + t.top || t.ow - 1 >= t.w + t.left) return false;
  const size_t taps = static_cast<size_t>(g.kh) * g.kw;
  float* flipped = rt.scratch(rt.threads, 2, taps * g.cin * g.cout);
  for (int kh = 0; kh < g.kh; ++kh)
    for (int kw = 0; kw < g.kw; ++kw) {
      const float* src = w + (static_cast<size_t>(kh) * g.kw + kw) * g.cin * g.cout;
      float* dst = flipped +
                   (static_cast<size_t>(g.kh - 1 - kh) * g.kw + (g.kw - 1 - kw)) * g.cout * g.cin;
      for (int ci = 0; ci < g.cin; ++ci)
        for (int co = 0; co < g.cout; ++co)
          dst[static_cast<size_t>(co) * g.cin + ci] = src[static_cast<size_t>(ci) * g.cout + co];
    }
  forward(rt, t, dy, flipped, nullptr, false, dx);
  return true;
}

}  // namespace
