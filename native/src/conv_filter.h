// The filter gradient, dw = Σ x-window ⊗ dy: per-thread partials over images, the dense case,
// and the transposed form for few output channels. Part of conv_impl.h.
#pragma once
#include "conv_tiles.h"

namespace {

using bw::ConvShape;
using bw::Runtime;

template <class V, int MR, int NV>
struct Filter {
  static constexpr int NR = NV * V::W;
  const Runtime* rt;
  ConvShape g;
  Padded p;
  Units u;
  int cpad;  // dy's row length as read: Cout rounded up to NR
  const float* x;
  const float* dy;
  size_t partial;  // floats in one thread's partial sum

  static void unit(void* self, int unit, int thread) {
    static_cast<Filter*>(self)->run(unit, thread);
  }

  float* sums(int thread) const { return rt->scratch(thread, 2, partial); }

  void run(int unit, int thread) {
    int n, r0, r1;
    bandRows(g, u, unit, &n, &r0, &r1);
    if (r0 >= r1) return;
    float* xp = rt->scratch(thread, 0, p.floats);
    padImage(g, p, x, n, xp);
    const size_t pixels = static_cast<size_t>(g.oh) * g.ow;
    const float* dyn = dy + n * pixels * g.cout;
    if (cpad != g.cout) {
      // B is read NR columns at a time: give dy rows a multiple of NR (zeros past Cout).
      float* d = rt->scratch(thread, 1, pixels * cpad);
      for (size_t m = 0; m < pixels; ++m) {
        std::memcpy(d + m * cpad, dyn + m * g.cout, g.cout * sizeof(float));
        std::memset(d + m * cpad + g.cout, 0, (cpad - g.cout) * sizeof(float));
      }
      dyn = d;
    }
    float* acc = sums(thread);
    const int L = g.kw * g.cin;
    const int panels = cpad / NR;
    Tile t;
    t.ars = 1;
    t.aks = static_cast<ptrdiff_t>(g.sw) * g.cin;
    t.aseg = static_cast<ptrdiff_t>(g.sh) * p.wp * g.cin;
    t.bks = cpad;
    t.bseg = static_cast<ptrdiff_t>(g.ow) * cpad;
    t.nseg = r1 - r0;
    t.klen = g.ow;
    t.ldc = cpad;
    t.acc = true;
    t.bias = nullptr;
    t.relu = false;
    for (int kh = 0; kh < g.kh; ++kh) {
      const float* rowA = xp + (static_cast<ptrdiff_t>(r0) * g.sh + kh) * p.wp * g.cin;
      for (int q = 0; q < L; q += MR) {
        t.mr = L - q < MR ? L - q : MR;
        t.a = rowA + q;
        for (int j = 0; j < panels; ++j) {
          t.b = dyn + static_cast<size_t>(r0) * g.ow * cpad + j * NR;
          t.c = acc + (static_cast<size_t>(kh) * L + q) * cpad + j * NR;
          t.nr = NR;
          micro<V, MR, NV>(t);
        }
      }
    }
  }
};

/** Filter gradient of a dense conv: dw[K × Cout] = xᵀ · dy, tiles of MR taps. */
template <class V, int MR, int NV>
struct DenseFilter {
  static constexpr int NR = NV * V::W;
  ConvShape g;
  int cpad;
  const float* x;   // N × K, with MR floats of slack after it
  const float* dy;  // N × cpad
  float* out;       // K × cpad

  static void unit(void* self, int unit, int) { static_cast<DenseFilter*>(self)->run(unit); }

  void run(int unit) {
    const int K = g.kh * g.kw * g.cin;
    const int k0 = unit * MR;
    Tile t;
    t.mr = K - k0 < MR ? K - k0 : MR;
    t.a = x + k0;
    t.ars = 1;
    t.aks = K;
    t.aseg = 0;
    t.nseg = 1;
    t.klen = g.n;
    t.bks = cpad;
    t.bseg = 0;
    t.ldc = cpad;
    t.acc = false;
    t.bias = nullptr;
    t.relu = false;
    t.nr = NR;
    for (int j = 0; j < cpad / NR; ++j) {
      t.b = dy + j * NR;
      t.c = out + static_cast<size_t>(k0) * cpad + j * NR;
      micro<V, MR, NV>(t);
    }
  }
};

template <class V, int MR, int NV>
void denseFilter(const Runtime& rt, const ConvShape& g, const float* x, const float* dy,
                 float* dw) {
  constexpr int NR = NV * V::W;
  const int K = g.kh * g.kw * g.cin;
  const int cpad = ceilDiv(g.cout, NR) * NR;
  const size_t xs = static_cast<size_t>(g.n) * K;
  // The last tile of taps reads up to MR floats past x; a copy with zeros after it.
  float* xc = rt.scratch(rt.threads, 3, xs + MR);
  std::memcpy(xc, x, xs * sizeof(float));
  std::memset(xc + xs, 0, MR * sizeof(float));
  const float* d = dy;
  if (cpad != g.cout) {
    float* p = rt.scratch(rt.threads, 4, static_cast<size_t>(g.n) * cpad);
    for (int n = 0; n < g.n; ++n) {
      std::memcpy(p + static_cast<size_t>(n) * cpad, dy + static_cast<size_t>(n) * g.cout,
                  g.cout * sizeof(float));
      std::memset(p + static_cast<size_t>(n) * cpad + g.cout, 0, (cpad - g.cout) * sizeof(float));
    }
    d = p;
  }
  float* out = cpad == g.cout ? dw : rt.scratch(rt.threads, 5, static_cast<size_t>(K) * cpad);
  DenseFilter<V, MR, NV> f{g, cpad, xc, d, out};
  rt.parallel(ceilDiv(K, MR), &DenseFilter<V, MR, NV>::unit, &f);
  if (out != dw) {
    for (int k = 0; k < K; ++k)
      std::memcpy(dw + static_cast<size_t>(k) * g.cout, out + static_cast<size_t>(k) * cpad,
                  g.cout * sizeof(float));
  }
}

template <class V, int MR, int NV>
void filter(const Runtime& rt, const ConvShape& g, const float* x, const float* dy, float* dw) {
  if (isDense(g)) return denseFilter<V, MR, NV>(rt, g, x, dy, dw);
  using F = Filter<V, MR, NV>;
  constexpr int NR = F::NR;
  const int K = g.kh * g.kw * g.cin;
  const int cpad = ceilDiv(g.cout, NR) * NR;
  F f{&rt, g, padded(g, MR), units(g, rt.threads, true), cpad, x, dy,
      static_cast<size_t>(K) * cpad};
  // Any thread may take any unit, so every thread's sums are zeroed and added.
  const int used = rt.threads;
  for (int t = 0; t < used; ++t) std::memset(f.sums(t), 0, f.partial * sizeof(float));
  rt.parallel(f.u.count, &F::unit, &f);
  for (int k = 0; k < K; ++k) {
    float* out = dw + static_cast<size_t>(k) * g.cout;
    const float* first = f.sums(0) + static_cast<size_t>(k) * cpad;
    for (int c = 0; c < g.cout; ++c) out[c] = first[c];
    for (int t = 1; t < used; ++t) {
      const float* s = f.sums(t) + static_cast<size_t>(k) * cpad;
      for (int c = 0; c < g.cout; ++c) out[c] += s[c];
    }
  }
}

/**
 * The filter gradient the other way round, dwᵀ[Cout × taps]: dy broadcast (MR output channels at
 * a time) against whole vectors of taps from the padded image. Reads three vectors per eight
 * broadcasts instead of one per sixteen; for filter rows (kw·Cin) that fill NR-wide panels.
 */
template <class V, int MR, int NV>
struct FilterT {
  static constexpr int NR = NV * V::W;
  const Runtime* rt;
  ConvShape g;
  Padded p;
  Units u;
  int cpad;  // dy's rows as read: Cout rounded up to MR
  const float* x;
  const float* dy;
  size_t partial;

  static void unit(void* self, int unit, int thread) {
    static_cast<FilterT*>(self)->run(unit, thread);
  }

  float* sums(int thread) const { return rt->scratch(thread, 2, partial); }

  void run(int unit, int thread) {
    int n, r0, r1;
    bandRows(g, u, unit, &n, &r0, &r1);
    if (r0 >= r1) return;
    float* xp = rt->scratch(thread, 0, p.floats);
    padImage(g, p, x, n, xp);
    const size_t pixels = static_cast<size_t>(g.oh) * g.ow;
    const float* dyn = dy + n * pixels * g.cout;
    if (cpad != g.cout) {
      float* d = rt->scratch(thread, 1, pixels * cpad);
      for (size_t m = 0; m < pixels; ++m) {
        std::memcpy(d + m * cpad, dyn + m * g.cout, g.cout * sizeof(float));
        std::memset(d + m * cpad + g.cout, 0, (cpad - g.cout) * sizeof(float));
      }
      dyn = d;
    }
    float* acc = sums(thread);
    const int K = g.kh * g.kw * g.cin;
    const int L = g.kw * g.cin;
    Tile t;
    t.ars = 1;
    t.aks = cpad;
    t.aseg = static_cast<ptrdiff_t>(g.ow) * cpad;
    t.bks = static_cast<ptrdiff_t>(g.sw) * g.cin;
    t.bseg = static_cast<ptrdiff_t>(g.sh) * p.wp * g.cin;
    t.nseg = r1 - r0;
    t.klen = g.ow;
    t.ldc = K;
    t.acc = true;
    t.bias = nullptr;
    t.relu = false;
    for (int co = 0; co < g.cout; co += MR) {
      t.mr = g.cout - co < MR ? g.cout - co : MR;
      t.a = dyn + static_cast<size_t>(r0) * g.ow * cpad + co;
      for (int kh = 0; kh < g.kh; ++kh) {
        const float* rowB = xp + (static_cast<ptrdiff_t>(r0) * g.sh + kh) * p.wp * g.cin;
        for (int q = 0; q < L; q += NR) {
          t.nr = L - q < NR ? L - q : NR;
          t.b = rowB + q;
          t.c = acc + static_cast<size_t>(co) * K + kh * L + q;
          micro<V, MR, NV>(t);
        }
      }
    }
  }
};

template <class V, int MR, int NV>
void filterT(const Runtime& rt, const ConvShape& g, const float* x, const float* dy, float* dw) {
  using F = FilterT<V, MR, NV>;
  const int K = g.kh * g.kw * g.cin;
  const int cpad = ceilDiv(g.cout, MR) * MR;
  F f{&rt, g, padded(g, F::NR), units(g, rt.threads, true), cpad, x, dy,
      static_cast<size_t>(cpad) * K};
  for (int t = 0; t < rt.threads; ++t) std::memset(f.sums(t), 0, f.partial * sizeof(float));
  rt.parallel(f.u.count, &F::unit, &f);
  for (int k = 0; k < K; ++k)
    for (int co = 0; co < g.cout; ++co) {
      float sum = 0.f;
      for (int t = 0; t < rt.threads; ++t) sum += f.sums(t)[static_cast<size_t>(co) * K + k];
      dw[static_cast<size_t>(k) * g.cout + co] = sum;
    }
}

}  // namespace
