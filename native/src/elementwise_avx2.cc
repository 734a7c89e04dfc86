// The elementwise loops built for AVX2 (also used on AVX-512 CPUs: these loops wait on memory,
// and 256-bit vectors already keep up with it). Only called after the CPU said it has AVX2.
#if defined(BW_X86)
#include <cstdint>
#include <cstring>

#include "elementwise.h"

// No FMA: a fused multiply-add would round batch norm differently from the portable build.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2"))), apply_to = function)
#elif defined(__GNUC__)
#pragma GCC push_options
#pragma GCC target("avx2")
#endif

#include "elementwise_impl.h"
#include "batchnorm_impl.h"

#if defined(__clang__)
#pragma clang attribute pop
#elif defined(__GNUC__)
#pragma GCC pop_options
#endif

const bw::ElementwiseLoops& bw::elementwiseAvx2() {
  static const ElementwiseLoops k{"avx2", binaryLoop, unaryLoop, fillLoop, channelSumLoop,
                                  batchNormLoop, bnStatsLoop, bnReduceLoop, bnInputGradLoop};
  return k;
}
#endif
