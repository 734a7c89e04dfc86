// The forward convolution, y = act(conv(x, w) + bias): tiles over a padded image, or a matrix
// product over the batch for a dense conv. Part of conv_impl.h.
#pragma once
#include "conv_tiles.h"

namespace {

using bw::ConvShape;
using bw::Runtime;

template <class V, int MR, int NV>
struct Forward {
  static constexpr int NR = NV * V::W;
  const Runtime* rt;
  ConvShape g;
  Padded p;
  Units u;
  const float* x;
  const float* wp;    // packed filter: [panel][K][NR]
  const float* bias;  // padded to panels·NR, or null
  bool relu;
  float* y;

  static void unit(void* self, int unit, int thread) {
    static_cast<Forward*>(self)->run(unit, thread);
  }

  void run(int unit, int thread) {
    int n, r0, r1;
    bandRows(g, u, unit, &n, &r0, &r1);
    float* xp = rt->scratch(thread, 0, p.floats);
    padImage(g, p, x, n, xp);
    const int K = g.kh * g.kw * g.cin;
    const int panels = ceilDiv(g.cout, NR);
    Tile t;
    t.ars = static_cast<ptrdiff_t>(g.sw) * g.cin;
    t.aks = 1;
    t.aseg = static_cast<ptrdiff_t>(p.wp) * g.cin;
    t.bks = NR;
    t.bseg = static_cast<ptrdiff_t>(g.kw) * g.cin * NR;
    t.nseg = g.kh;
    t.klen = g.kw * g.cin;
    t.ldc = g.cout;
    t.acc = false;
    t.relu = relu;
    for (int oh = r0; oh < r1; ++oh) {
      for (int ow = 0; ow < g.ow; ow += MR) {
        t.mr = g.ow - ow < MR ? g.ow - ow : MR;
        t.a = xp + (static_cast<ptrdiff_t>(oh) * g.sh * p.wp + static_cast<ptrdiff_t>(ow) * g.sw) *
                       g.cin;
        float* row = y + ((static_cast<size_t>(n) * g.oh + oh) * g.ow + ow) * g.cout;
        for (int j = 0; j < panels; ++j) {
          t.b = wp + static_cast<size_t>(j) * K * NR;
          t.c = row + j * NR;
          t.nr = g.cout - j * NR < NR ? g.cout - j * NR : NR;
          t.bias = bias == nullptr ? nullptr : bias + j * NR;
          micro<V, MR, NV>(t);
        }
      }
    }
  }
};

/** Forward of a dense conv: y[N × Cout] = x[N × K] · w, tiles of MR images. */
template <class V, int MR, int NV>
struct DenseForward {
  static constexpr int NR = NV * V::W;
  ConvShape g;
  const float* x;
  const float* tail;  // the last, partial tile's images, zero-padded to MR
  const float* wp;
  const float* bias;
  bool relu;
  float* y;

  static void unit(void* self, int unit, int) { static_cast<DenseForward*>(self)->run(unit); }

  void run(int unit) {
    const int K = g.kh * g.kw * g.cin;
    const int n0 = unit * MR;
    Tile t;
    t.mr = g.n - n0 < MR ? g.n - n0 : MR;
    t.a = t.mr < MR ? tail : x + static_cast<size_t>(n0) * K;
    t.ars = K;
    t.aks = 1;
    t.aseg = 0;
    t.nseg = 1;
    t.klen = K;
    t.bks = NR;
    t.bseg = 0;
    t.ldc = g.cout;
    t.acc = false;
    t.relu = relu;
    for (int j = 0; j < ceilDiv(g.cout, NR); ++j) {
      t.b = wp + static_cast<size_t>(j) * K * NR;
      t.c = y + static_cast<size_t>(n0) * g.cout + j * NR;
      t.nr = g.cout - j * NR < NR ? g.cout - j * NR : NR;
      t.bias = bias == nullptr ? nullptr : bias + j * NR;
      micro<V, MR, NV>(t);
    }
  }
};

template <class V, int MR, int NV>
void forward(const Runtime& rt, const ConvShape& g, const float* x, const float* w,
             const float* bias, bool relu, float* y) {
  using F = Forward<V, MR, NV>;
  constexpr int NR = F::NR;
  const int K = g.kh * g.kw * g.cin;
  const int panels = ceilDiv(g.cout, NR);
  float* wp = rt.scratch(rt.threads, 0, static_cast<size_t>(panels) * K * NR + NR);
  for (int j = 0; j < panels; ++j)
    for (int k = 0; k < K; ++k)
      for (int c = 0; c < NR; ++c) {
        const int co = j * NR + c;
        wp[(static_cast<size_t>(j) * K + k) * NR + c] =
            co < g.cout ? w[static_cast<size_t>(k) * g.cout + co] : 0.f;
      }
  float* bp = nullptr;
  if (bias != nullptr) {
    bp = rt.scratch(rt.threads, 1, static_cast<size_t>(panels) * NR);
    for (int c = 0; c < panels * NR; ++c) bp[c] = c < g.cout ? bias[c] : 0.f;
  }
  if (isDense(g)) {
    const int tiles = ceilDiv(g.n, MR);
    const int last = (tiles - 1) * MR;
    float* tail = rt.scratch(rt.threads, 3, static_cast<size_t>(MR) * K);
    paddedRows(tail, x + static_cast<size_t>(last) * K, g.n - last, MR, K);
    DenseForward<V, MR, NV> d{g, x, tail, wp, bp, relu, y};
    rt.parallel(tiles, &DenseForward<V, MR, NV>::unit, &d);
    return;
  }
  F f{&rt, g, padded(g, MR), units(g, rt.threads, true), x, wp, bp, relu, y};
  rt.parallel(f.u.count, &F::unit, &f);
}

}  // namespace
