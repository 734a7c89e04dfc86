// The N-API entry points of the elementwise and pooling kernels: argument checks, then the loops
// of the instruction set configure() chose. Synchronous, as every call of the addon.
#include "napi_args.h"
#include "pool.h"
#include "runtime.h"

namespace bw::js {
namespace {

/** How an operand of `length` floats spans an output of n (channels per row). */
bw::Span spanOf(size_t length, size_t n, size_t channels, const char* name) {
  if (length == n) return bw::Span::Full;
  if (length == channels && n % channels == 0) return bw::Span::Channel;
  if (length == 1) return bw::Span::Scalar;
  throw JsError{std::string(name) + " has " + std::to_string(length) + " floats; the output has " +
                std::to_string(n) + " and " + std::to_string(channels) + " channels"};
}

/** [n, h, w, c, kh, kw] → a checked PoolShape (windows = strides, no padding). */
bw::PoolShape poolShape(napi_env env, napi_value v) {
  bool isArray = false;
  check(env, napi_is_array(env, v, &isArray), "inspecting the shape");
  uint32_t len = 0;
  if (isArray) check(env, napi_get_array_length(env, v, &len), "reading the shape");
  require(isArray && len == 6, "pool shape must be [n, h, w, c, kh, kw]");
  double s[6];
  for (uint32_t i = 0; i < 6; ++i) {
    napi_value e;
    check(env, napi_get_element(env, v, i, &e), "reading the shape");
    require(napi_get_value_double(env, e, &s[i]) == napi_ok && wholeIn(s[i], 1, 2147483647.0),
            "pool shape entries must be whole numbers ≥ 1");
  }
  const auto z = [&](int i) { return static_cast<size_t>(s[i]); };
  require(z(4) <= z(1) && z(5) <= z(2), "pool window larger than the input");
  require(s[0] * s[1] * s[2] * s[3] < 2147483647.0, "tensor too large");
  return {z(0), z(1), z(2), z(3), z(4), z(5), z(1) / z(4), z(2) / z(5)};
}

size_t poolIn(const bw::PoolShape& g) { return g.n * g.h * g.w * g.c; }
size_t poolOut(const bw::PoolShape& g) { return g.n * g.oh * g.ow * g.c; }

}  // namespace

// binary(op: 'add' | 'sub' | 'mul' | 'div' | 'tanhGrad', a, b, out, channels)
napi_value Binary(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  require(args(env, info, argv, 5) == 5, "binary(op, a, b, out, channels)");
  const std::string name = stringArg(env, argv[0], "op");
  bw::BinaryOp op;
  if (name == "add") {
    op = bw::BinaryOp::Add;
  } else if (name == "sub") {
    op = bw::BinaryOp::Sub;
  } else if (name == "mul") {
    op = bw::BinaryOp::Mul;
  } else if (name == "div") {
    op = bw::BinaryOp::Div;
  } else if (name == "tanhGrad") {
    op = bw::BinaryOp::TanhGrad;
  } else {
    throw JsError{"unknown binary op " + name + " (add, sub, mul, div, tanhGrad)"};
  }
  const Floats a = anyFloats(env, argv[1], "a"), b = anyFloats(env, argv[2], "b");
  const Floats out = anyFloats(env, argv[3], "out");
  const size_t channels = countArg(env, argv[4], "channels");
  require(out.length > 0, "out must not be empty");
  const bw::Span sa = spanOf(a.length, out.length, channels, "a");
  const bw::Span sb = spanOf(b.length, out.length, channels, "b");
  require(sa == bw::Span::Full || sb == bw::Span::Full, "a or b must be as long as out");
  requireApart({out.data, out.length, "out"}, {{a.data, a.length, "a"}, {b.data, b.length, "b"}},
               true);
  std::lock_guard<std::mutex> lock(callMutex());
  bw::binary(bw::runtime(), elementwiseLoops(), op, a.data, sa, b.data, sb, out.data, out.length,
             channels);
  return undefinedValue(env);
}

// unary(op: 'square' | 'relu' | 'step' | 'tanh', x, out, alpha)
napi_value Unary(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  require(args(env, info, argv, 4) == 4, "unary(op, x, out, alpha)");
  const std::string name = stringArg(env, argv[0], "op");
  bw::UnaryOp op;
  if (name == "square") {
    op = bw::UnaryOp::Square;
  } else if (name == "relu") {
    op = bw::UnaryOp::Relu;
  } else if (name == "step") {
    op = bw::UnaryOp::Step;
  } else if (name == "tanh") {
    op = bw::UnaryOp::Tanh;
  } else {
    throw JsError{"unknown unary op " + name + " (square, relu, step, tanh)"};
  }
  const Floats x = anyFloats(env, argv[1], "x");
  float* out = floats(env, argv[2], x.length, "out");
  const float alpha = static_cast<float>(numberArg(env, argv[3], "alpha"));
  requireApart({out, x.length, "out"}, {{x.data, x.length, "x"}}, true);
  std::lock_guard<std::mutex> lock(callMutex());
  bw::unary(bw::runtime(), elementwiseLoops(), op, x.data, out, x.length, alpha);
  return undefinedValue(env);
}

// channelSum(x, channels, out, scale): out[c] = scale · Σ x[·, c]
napi_value ChannelSum(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  require(args(env, info, argv, 4) == 4, "channelSum(x, channels, out, scale)");
  const Floats x = anyFloats(env, argv[0], "x");
  const size_t channels = countArg(env, argv[1], "channels");
  require(x.length % channels == 0, "x has " + std::to_string(x.length) +
                                        " floats, not whole rows of " + std::to_string(channels));
  float* out = floats(env, argv[2], channels, "out");
  const double scale = numberArg(env, argv[3], "scale");
  requireApart({out, channels, "out"}, {{x.data, x.length, "x"}});
  std::lock_guard<std::mutex> lock(callMutex());
  bw::channelSum(bw::runtime(), elementwiseLoops(), x.data, x.length / channels, channels, scale, out);
  return undefinedValue(env);
}

// batchNorm(x, mean, variance, offset | null, scale | null, epsilon, out), per last-axis channel
napi_value BatchNorm(napi_env env, napi_callback_info info) {
  napi_value argv[7];
  require(args(env, info, argv, 7) == 7,
          "batchNorm(x, mean, variance, offset, scale, epsilon, out)");
  const Floats x = anyFloats(env, argv[0], "x");
  const Floats mean = anyFloats(env, argv[1], "mean");
  const size_t channels = mean.length;
  require(channels > 0 && x.length % channels == 0,
          "x has " + std::to_string(x.length) + " floats, not whole rows of " +
              std::to_string(channels) + " channels");
  const float* variance = floats(env, argv[2], channels, "variance");
  const float* offset =
      isNullish(env, argv[3]) ? nullptr : floats(env, argv[3], channels, "offset");
  const float* scale = isNullish(env, argv[4]) ? nullptr : floats(env, argv[4], channels, "scale");
  const float epsilon = static_cast<float>(numberArg(env, argv[5], "epsilon"));
  float* out = floats(env, argv[6], x.length, "out");
  requireApart({out, x.length, "out"},
               {{x.data, x.length, "x"},
                {mean.data, channels, "mean"},
                {variance, channels, "variance"},
                {offset, offset ? channels : 0, "offset"},
                {scale, scale ? channels : 0, "scale"}});
  std::lock_guard<std::mutex> lock(callMutex());
  bw::batchNorm(bw::runtime(), elementwiseLoops(), x.data, x.length, channels, mean.data, variance,
                offset, scale, epsilon, out);
  return undefinedValue(env);
}

// fill(out, value)
napi_value Fill(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  require(args(env, info, argv, 2) == 2, "fill(out, value)");
  const Floats out = anyFloats(env, argv[0], "out");
  const float value = static_cast<float>(numberArg(env, argv[1], "value"));
  std::lock_guard<std::mutex> lock(callMutex());
  bw::fill(bw::runtime(), elementwiseLoops(), out.data, out.length, value);
  return undefinedValue(env);
}

// avgPool(shape, x, y)
napi_value AvgPool(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  require(args(env, info, argv, 3) == 3, "avgPool(shape, x, y)");
  const bw::PoolShape g = poolShape(env, argv[0]);
  const float* x = floats(env, argv[1], poolIn(g), "x");
  float* y = floats(env, argv[2], poolOut(g), "y");
  requireApart({y, poolOut(g), "y"}, {{x, poolIn(g), "x"}});
  std::lock_guard<std::mutex> lock(callMutex());
  bw::avgPool(bw::runtime(), g, x, y);
  return undefinedValue(env);
}

// avgPoolGrad(shape, dy, dx)
napi_value AvgPoolGrad(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  require(args(env, info, argv, 3) == 3, "avgPoolGrad(shape, dy, dx)");
  const bw::PoolShape g = poolShape(env, argv[0]);
  const float* dy = floats(env, argv[1], poolOut(g), "dy");
  float* dx = floats(env, argv[2], poolIn(g), "dx");
  requireApart({dx, poolIn(g), "dx"}, {{dy, poolOut(g), "dy"}});
  std::lock_guard<std::mutex> lock(callMutex());
  bw::avgPoolGrad(bw::runtime(), g, dy, dx);
  return undefinedValue(env);
}

}  // namespace bw::js
