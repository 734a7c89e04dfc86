// The N-API entry points of training batch norm (batchnorm.h): argument checks, then the loops
// of the instruction set configure() chose. Synchronous, as every call of the addon.
#include "batchnorm.h"
#include "napi_args.h"
#include "runtime.h"

namespace bw::js {
namespace {

/** x's rows of `channels` (x non-empty and whole rows). */
size_t rowsOf(const Floats& x, size_t channels) {
  require(x.length > 0 && x.length % channels == 0,
          "x has " + std::to_string(x.length) + " floats, not whole rows of " +
              std::to_string(channels) + " channels");
  return x.length / channels;
}

}  // namespace

// batchNormStats(x, channels, mean, variance): per last-axis channel, variance biased
napi_value BatchNormStats(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  require(args(env, info, argv, 4) == 4, "batchNormStats(x, channels, mean, variance)");
  const Floats x = anyFloats(env, argv[0], "x");
  const size_t channels = countArg(env, argv[1], "channels");
  const size_t rows = rowsOf(x, channels);
  float* mean = floats(env, argv[2], channels, "mean");
  float* variance = floats(env, argv[3], channels, "variance");
  requireApart({mean, channels, "mean"}, {{x.data, x.length, "x"}, {variance, channels, "variance"}});
  requireApart({variance, channels, "variance"}, {{x.data, x.length, "x"}});
  std::lock_guard<std::mutex> lock(callMutex());
  bw::batchNormStats(bw::runtime(), elementwiseLoops(), x.data, rows, channels, mean, variance);
  return undefinedValue(env);
}

// batchNormGrad(dy, x, mean, variance, scale | null, epsilon, dx, dscale, doffset)
napi_value BatchNormGrad(napi_env env, napi_callback_info info) {
  napi_value argv[9];
  require(args(env, info, argv, 9) == 9,
          "batchNormGrad(dy, x, mean, variance, scale, epsilon, dx, dscale, doffset)");
  const Floats dy = anyFloats(env, argv[0], "dy");
  const Floats mean = anyFloats(env, argv[2], "mean");
  const size_t channels = mean.length;
  require(channels > 0, "mean must not be empty");
  const size_t rows = rowsOf(dy, channels);
  const float* x = floats(env, argv[1], dy.length, "x");
  const float* variance = floats(env, argv[3], channels, "variance");
  const float* scale = isNullish(env, argv[4]) ? nullptr : floats(env, argv[4], channels, "scale");
  const double epsilon = numberArg(env, argv[5], "epsilon");
  require(epsilon >= 0, "epsilon must not be negative");
  float* dx = floats(env, argv[6], dy.length, "dx");
  float* dscale = floats(env, argv[7], channels, "dscale");
  float* doffset = floats(env, argv[8], channels, "doffset");
  const std::initializer_list<View> ins = {{dy.data, dy.length, "dy"},
                                           {x, dy.length, "x"},
                                           {mean.data, channels, "mean"},
                                           {variance, channels, "variance"},
                                           {scale, scale ? channels : 0, "scale"}};
  requireApart({dx, dy.length, "dx"}, ins);
  requireApart({dscale, channels, "dscale"}, ins);
  requireApart({doffset, channels, "doffset"}, ins);
  requireApart({dx, dy.length, "dx"}, {{dscale, channels, "dscale"}, {doffset, channels, "doffset"}});
  requireApart({dscale, channels, "dscale"}, {{doffset, channels, "doffset"}});
  std::lock_guard<std::mutex> lock(callMutex());
  bw::batchNormGrad(bw::runtime(), elementwiseLoops(), dy.data, x, rows, channels, mean.data,
                    variance, scale, static_cast<float>(epsilon), dx, dscale, doffset);
  return undefinedValue(env);
}

}  // namespace bw::js
