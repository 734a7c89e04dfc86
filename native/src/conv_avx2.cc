// The kernels built for AVX2 + FMA (8 floats a vector, 16 registers). Only called after the CPU
// was asked whether it has both (kernels.cc).
#if defined(BW_X86)
#include <immintrin.h>
#include "conv.h"

#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#elif defined(__GNUC__)
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#endif

#include "conv_impl.h"

namespace {
struct V256 {
  using T = __m256;
  static constexpr int W = 8;
  static T zero() { return _mm256_setzero_ps(); }
  static T load(const float* p) { return _mm256_loadu_ps(p); }
  static void store(float* p, T v) { _mm256_storeu_ps(p, v); }
  static T bcast(const float* p) { return _mm256_broadcast_ss(p); }
  static T fma(T a, T b, T c) { return _mm256_fmadd_ps(a, b, c); }
  static T add(T a, T b) { return _mm256_add_ps(a, b); }
  static T max0(T a) { return _mm256_max_ps(a, _mm256_setzero_ps()); }
};

void fwd(const Runtime& rt, const ConvShape& g, const float* x, const float* w, const float* b,
         bool relu, float* y) {
  if (g.cout <= 8) return forward<V256, 8, 1>(rt, g, x, w, b, relu, y);
  return forward<V256, 6, 2>(rt, g, x, w, b, relu, y);
}

void flt(const Runtime& rt, const ConvShape& g, const float* x, const float* dy, float* dw) {
  if (g.cout <= 8) return filter<V256, 8, 1>(rt, g, x, dy, dw);
  return filter<V256, 6, 2>(rt, g, x, dy, dw);
}

void inp(const Runtime& rt, const ConvShape& g, const float* dy, const float* w, float* dx) {
  if (!inputByForward(rt, g, dy, w, dx, fwd)) input<V256, 6, 2>(rt, g, dy, w, dx);
}
}  // namespace

#if defined(__clang__)
#pragma clang attribute pop
#elif defined(__GNUC__)
#pragma GCC pop_options
#endif

const bw::ConvKernels& bw::kernelsAvx2() {
  static const ConvKernels k{"avx2", fwd, flt, inp};
  return k;
}
#endif
