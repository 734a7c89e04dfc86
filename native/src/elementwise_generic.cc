// The elementwise loops for any CPU (SSE2 on x86-64, NEON on arm64, by auto-vectorisation).
#include "elementwise_impl.h"
#include "batchnorm_impl.h"

const bw::ElementwiseLoops& bw::elementwiseGeneric() {
  static const ElementwiseLoops k{"portable", binaryLoop, unaryLoop, fillLoop, channelSumLoop,
                                  batchNormLoop, bnStatsLoop, bnReduceLoop, bnInputGradLoop};
  return k;
}
