// Tiling average pooling (pool.h). Plain loops the compiler vectorises along the channels.
#include "pool.h"

namespace bw {
namespace {

/** Fewest input floats worth waking the pool for (as the elementwise kernels' threshold). */
constexpr size_t kParallelMin = 524288;

/** f(image) for each image: over the pool when the tensor is big enough, else here. */
template <class F>
void eachImage(const Runtime& rt, size_t images, size_t floats, F& f) {
  if (floats < kParallelMin || images < 2) {
    for (size_t i = 0; i < images; ++i) f(i);
    return;
  }
  rt.parallel(
      static_cast<int>(images),
      [](void* arg, int unit, int) { (*static_cast<F*>(arg))(static_cast<size_t>(unit)); }, &f);
}

}  // namespace

void avgPool(const Runtime& rt, const PoolShape& g, const float* x, float* y) {
  const size_t C = g.c, rowIn = g.w * C, rowOut = g.ow * C;
  const float scale = 1.f / static_cast<float>(g.kh * g.kw);
  auto image = [&](size_t b) {
    const float* xi = x + b * g.h * rowIn;
    float* yi = y + b * g.oh * rowOut;
    for (size_t oy = 0; oy < g.oh; ++oy) {
      float* o = yi + oy * rowOut;
      for (size_t i = 0; i < rowOut; ++i) o[i] = 0.f;
      for (size_t ky = 0; ky < g.kh; ++ky) {
        const float* r = xi + (oy * g.kh + ky) * rowIn;
        for (size_t ox = 0; ox < g.ow; ++ox) {
          float* oc = o + ox * C;
          for (size_t kx = 0; kx < g.kw; ++kx) {
            const float* p = r + (ox * g.kw + kx) * C;
            for (size_t c = 0; c < C; ++c) oc[c] += p[c];
          }
        }
      }
      for (size_t i = 0; i < rowOut; ++i) o[i] *= scale;
    }
  };
  eachImage(rt, g.n, g.n * g.h * rowIn, image);
}

void avgPoolGrad(const Runtime& rt, const PoolShape& g, const float* dy, float* dx) {
  const size_t C = g.c, rowIn = g.w * C, rowOut = g.ow * C;
  // In double and rounded once, as tfjs's cpu backend does: the same bits for any window.
  const double scale = 1.0 / static_cast<double>(g.kh * g.kw);
  auto image = [&](size_t b) {
    const float* di = dy + b * g.oh * rowOut;
    float* xi = dx + b * g.h * rowIn;
    for (size_t y = 0; y < g.h; ++y) {
      float* r = xi + y * rowIn;
      const size_t oy = y / g.kh;
      size_t x = 0;
      if (oy < g.oh) {
        const float* d = di + oy * rowOut;
        for (size_t ox = 0; ox < g.ow; ++ox) {
          for (size_t kx = 0; kx < g.kw; ++kx, ++x) {
            float* p = r + x * C;
            for (size_t c = 0; c < C; ++c) p[c] = static_cast<float>(d[ox * C + c] * scale);
          }
        }
      }
      for (size_t i = x * C; i < rowIn; ++i) r[i] = 0.f;
    }
  };
  eachImage(rt, g.n, g.n * g.h * rowIn, image);
}

}  // namespace bw
