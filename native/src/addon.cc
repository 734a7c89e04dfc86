// The N-API surface: argument checks, then the kernels. Every call is synchronous (tfjs kernels
// are): it returns once the thread pool has finished.
#include <node_api.h>

#include <cstring>
#include <mutex>
#include <new>
#include <string>

#include "elementwise.h"
#include "pool.h"
#include "runtime.h"

namespace {

const bw::ConvKernels* current = nullptr;
const bw::ElementwiseLoops* elementwise = nullptr;
// The addon may be loaded by several worker threads; the pool and scratch are process-wide.
std::mutex callMutex;

struct JsError {
  std::string message;
};

void check(napi_env env, napi_status status, const char* what) {
  if (status != napi_ok) throw JsError{std::string("native kernels: ") + what};
}

void require(bool ok, const std::string& message) {
  if (!ok) throw JsError{message};
}

/** Wraps a callback so that a JsError (or bad_alloc) becomes a thrown JS error. */
template <napi_value (*F)(napi_env, napi_callback_info)>
napi_value guarded(napi_env env, napi_callback_info info) {
  try {
    return F(env, info);
  } catch (const JsError& e) {
    napi_throw_error(env, "ERR_BLOCKWISE_NATIVE", e.message.c_str());
  } catch (const std::bad_alloc&) {
    napi_throw_error(env, "ERR_BLOCKWISE_NATIVE", "native kernels: out of memory");
  }
  return nullptr;
}

size_t args(napi_env env, napi_callback_info info, napi_value* argv, size_t max) {
  size_t argc = max;
  check(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr), "reading arguments");
  return argc;
}

/** A Float32Array's data (which may live in a SharedArrayBuffer, e.g. a threaded wasm heap). */
float* floats(napi_env env, napi_value v, size_t expected, const char* name) {
  bool isTyped = false;
  check(env, napi_is_typedarray(env, v, &isTyped), "inspecting an argument");
  require(isTyped, std::string(name) + " must be a Float32Array");
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  check(env, napi_get_typedarray_info(env, v, &type, &length, &data, nullptr, nullptr),
        "reading a Float32Array");
  require(type == napi_float32_array, std::string(name) + " must be a Float32Array");
  require(length == expected, std::string(name) + " has " + std::to_string(length) +
                                  " floats; the shape needs " + std::to_string(expected));
  require(data != nullptr || expected == 0, std::string(name) + " has no data");
  return static_cast<float*>(data);
}


/** A Float32Array of any length: its data and length. */
struct Floats {
  float* data;
  size_t length;
};

Floats anyFloats(napi_env env, napi_value v, const char* name) {
  bool isTyped = false;
  check(env, napi_is_typedarray(env, v, &isTyped), "inspecting an argument");
  require(isTyped, std::string(name) + " must be a Float32Array");
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  check(env, napi_get_typedarray_info(env, v, &type, &length, &data, nullptr, nullptr),
        "reading a Float32Array");
  require(type == napi_float32_array, std::string(name) + " must be a Float32Array");
  require(data != nullptr || length == 0, std::string(name) + " has no data");
  return {static_cast<float*>(data), length};
}

std::string stringArg(napi_env env, napi_value v, const char* name) {
  char buf[32];
  size_t len = 0;
  require(napi_get_value_string_utf8(env, v, buf, sizeof buf, &len) == napi_ok,
          std::string(name) + " must be a string");
  return std::string(buf, len);
}

double numberArg(napi_env env, napi_value v, const char* name) {
  double d = 0;
  require(napi_get_value_double(env, v, &d) == napi_ok, std::string(name) + " must be a number");
  return d;
}

/** A whole number ≥ 1 (a channel count). */
size_t countArg(napi_env env, napi_value v, const char* name) {
  const double d = numberArg(env, v, name);
  require(d >= 1 && d == static_cast<double>(static_cast<size_t>(d)) && d < 2147483648.0,
          std::string(name) + " must be a whole number ≥ 1");
  return static_cast<size_t>(d);
}

bool isNullish(napi_env env, napi_value v) {
  napi_valuetype t;
  check(env, napi_typeof(env, v, &t), "inspecting an argument");
  return t == napi_null || t == napi_undefined;
}

/** [n,h,w,cin, oh,ow,cout, kh,kw, sh,sw, top,left] → a checked ConvShape. */
bw::ConvShape shape(napi_env env, napi_value v) {
  bool isArray = false;
  check(env, napi_is_array(env, v, &isArray), "inspecting the shape");
  require(isArray, "shape must be an array of 13 integers");
  uint32_t len = 0;
  check(env, napi_get_array_length(env, v, &len), "reading the shape");
  require(len == 13, "shape must be [n,h,w,cin, oh,ow,cout, kh,kw, sh,sw, top,left]");
  int s[13];
  for (uint32_t i = 0; i < 13; ++i) {
    napi_value e;
    check(env, napi_get_element(env, v, i, &e), "reading the shape");
    double d = 0;
    require(napi_get_value_double(env, e, &d) == napi_ok && d == static_cast<int>(d),
            "shape entries must be integers");
    s[i] = static_cast<int>(d);
  }
  bw::ConvShape g{s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12]};
  require(g.n > 0 && g.h > 0 && g.w > 0 && g.cin > 0 && g.oh > 0 && g.ow > 0 && g.cout > 0 &&
              g.kh > 0 && g.kw > 0 && g.sh > 0 && g.sw > 0,
          "shape sizes and strides must be positive");
  require(g.top >= 0 && g.left >= 0, "padding must not be negative");
  // Every window must start inside the padded input (tfjs's own geometry guarantees this).
  require((g.oh - 1) * g.sh < g.h + g.top && (g.ow - 1) * g.sw < g.w + g.left,
          "output larger than the input allows");
  require(static_cast<double>(g.n) * g.h * g.w * g.cin < 2147483647.0 &&
              static_cast<double>(g.n) * g.oh * g.ow * g.cout < 2147483647.0,
          "tensor too large");
  return g;
}

size_t inSize(const bw::ConvShape& g) { return static_cast<size_t>(g.n) * g.h * g.w * g.cin; }
size_t outSize(const bw::ConvShape& g) {
  return static_cast<size_t>(g.n) * g.oh * g.ow * g.cout;
}
size_t filterSize(const bw::ConvShape& g) {
  return static_cast<size_t>(g.kh) * g.kw * g.cin * g.cout;
}

napi_value undefinedValue(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

// forward(shape, x, w, bias | null, y, relu)
napi_value Forward(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  require(args(env, info, argv, 6) == 6, "forward(shape, x, w, bias, y, relu)");
  const bw::ConvShape g = shape(env, argv[0]);
  const float* x = floats(env, argv[1], inSize(g), "x");
  const float* w = floats(env, argv[2], filterSize(g), "w");
  const float* bias = isNullish(env, argv[3]) ? nullptr : floats(env, argv[3], g.cout, "bias");
  float* y = floats(env, argv[4], outSize(g), "y");
  bool relu = false;
  check(env, napi_get_value_bool(env, argv[5], &relu), "relu must be a boolean");
  std::lock_guard<std::mutex> lock(callMutex);
  current->forward(bw::runtime(), g, x, w, bias, relu, y);
  return undefinedValue(env);
}

// filter(shape, x, dy, dw)
napi_value Filter(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  require(args(env, info, argv, 4) == 4, "filter(shape, x, dy, dw)");
  const bw::ConvShape g = shape(env, argv[0]);
  const float* x = floats(env, argv[1], inSize(g), "x");
  const float* dy = floats(env, argv[2], outSize(g), "dy");
  float* dw = floats(env, argv[3], filterSize(g), "dw");
  std::lock_guard<std::mutex> lock(callMutex);
  current->filter(bw::runtime(), g, x, dy, dw);
  return undefinedValue(env);
}

// input(shape, dy, w, dx)
napi_value Input(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  require(args(env, info, argv, 4) == 4, "input(shape, dy, w, dx)");
  const bw::ConvShape g = shape(env, argv[0]);
  const float* dy = floats(env, argv[1], outSize(g), "dy");
  const float* w = floats(env, argv[2], filterSize(g), "w");
  float* dx = floats(env, argv[3], inSize(g), "dx");
  std::lock_guard<std::mutex> lock(callMutex);
  current->input(bw::runtime(), g, dy, w, dx);
  return undefinedValue(env);
}


/** How an operand of `length` floats spans an output of n (channels per row). */
bw::Span spanOf(size_t length, size_t n, size_t channels, const char* name) {
  if (length == n) return bw::Span::Full;
  if (length == channels && n % channels == 0) return bw::Span::Channel;
  if (length == 1) return bw::Span::Scalar;
  throw JsError{std::string(name) + " has " + std::to_string(length) + " floats; the output has " +
                std::to_string(n) + " and " + std::to_string(channels) + " channels"};
}

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
  std::lock_guard<std::mutex> lock(callMutex);
  bw::binary(bw::runtime(), *elementwise, op, a.data, sa, b.data, sb, out.data, out.length,
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
  std::lock_guard<std::mutex> lock(callMutex);
  bw::unary(bw::runtime(), *elementwise, op, x.data, out, x.length, alpha);
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
  std::lock_guard<std::mutex> lock(callMutex);
  bw::channelSum(bw::runtime(), *elementwise, x.data, x.length / channels, channels, scale, out);
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
  std::lock_guard<std::mutex> lock(callMutex);
  bw::batchNorm(bw::runtime(), *elementwise, x.data, x.length, channels, mean.data, variance,
                offset, scale, epsilon, out);
  return undefinedValue(env);
}

// fill(out, value)
napi_value Fill(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  require(args(env, info, argv, 2) == 2, "fill(out, value)");
  const Floats out = anyFloats(env, argv[0], "out");
  const float value = static_cast<float>(numberArg(env, argv[1], "value"));
  std::lock_guard<std::mutex> lock(callMutex);
  bw::fill(bw::runtime(), *elementwise, out.data, out.length, value);
  return undefinedValue(env);
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
    require(napi_get_value_double(env, e, &s[i]) == napi_ok && s[i] >= 1 &&
                s[i] == static_cast<double>(static_cast<size_t>(s[i])) && s[i] < 2147483648.0,
            "pool shape entries must be whole numbers ≥ 1");
  }
  const auto z = [&](int i) { return static_cast<size_t>(s[i]); };
  require(z(4) <= z(1) && z(5) <= z(2), "pool window larger than the input");
  require(s[0] * s[1] * s[2] * s[3] < 2147483647.0, "tensor too large");
  return {z(0), z(1), z(2), z(3), z(4), z(5), z(1) / z(4), z(2) / z(5)};
}

size_t poolIn(const bw::PoolShape& g) { return g.n * g.h * g.w * g.c; }
size_t poolOut(const bw::PoolShape& g) { return g.n * g.oh * g.ow * g.c; }

// avgPool(shape, x, y)
napi_value AvgPool(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  require(args(env, info, argv, 3) == 3, "avgPool(shape, x, y)");
  const bw::PoolShape g = poolShape(env, argv[0]);
  const float* x = floats(env, argv[1], poolIn(g), "x");
  float* y = floats(env, argv[2], poolOut(g), "y");
  std::lock_guard<std::mutex> lock(callMutex);
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
  std::lock_guard<std::mutex> lock(callMutex);
  bw::avgPoolGrad(bw::runtime(), g, dy, dx);
  return undefinedValue(env);
}

napi_value stringValue(napi_env env, const std::string& s) {
  napi_value v;
  check(env, napi_create_string_utf8(env, s.c_str(), s.size(), &v), "making a string");
  return v;
}

// info() → { isa, available, threads, elementwise }
napi_value Info(napi_env env, napi_callback_info) {
  napi_value out, threads;
  check(env, napi_create_object(env, &out), "making the info object");
  check(env, napi_create_int32(env, bw::runtime().threads, &threads), "making a number");
  check(env, napi_set_named_property(env, out, "isa", stringValue(env, current->isa)), "info");
  check(env, napi_set_named_property(env, out, "available", stringValue(env, bw::availableIsas())),
        "info");
  check(env, napi_set_named_property(env, out, "threads", threads), "info");
  check(env, napi_set_named_property(env, out, "elementwise", stringValue(env, elementwise->isa)),
        "info");
  return out;
}

// configure(isa: 'auto' | 'avx512' | 'avx2' | 'portable', threads: number (0 = the cores))
napi_value Configure(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  require(args(env, info, argv, 2) == 2, "configure(isa, threads)");
  char isa[32];
  size_t len = 0;
  require(napi_get_value_string_utf8(env, argv[0], isa, sizeof isa, &len) == napi_ok,
          "isa must be a string");
  int32_t threads = 0;
  require(napi_get_value_int32(env, argv[1], &threads) == napi_ok, "threads must be a number");
  const bw::ConvKernels* k = bw::kernelsFor(isa);
  require(k != nullptr, std::string("this CPU or build cannot run ") + isa + " (it has " +
                            bw::availableIsas() + ")");
  std::lock_guard<std::mutex> lock(callMutex);
  current = k;
  elementwise = &bw::elementwiseFor(k->isa);
  bw::setThreads(threads);
  return Info(env, info);
}

void define(napi_env env, napi_value exports, const char* name, napi_callback cb) {
  napi_value fn;
  check(env, napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, nullptr, &fn), name);
  check(env, napi_set_named_property(env, exports, name, fn), name);
}

}  // namespace

NAPI_MODULE_INIT() {
  try {
    if (current == nullptr) {
      current = bw::kernelsFor("auto");
      elementwise = &bw::elementwiseFor(current->isa);
    }
    define(env, exports, "forward", guarded<Forward>);
    define(env, exports, "filter", guarded<Filter>);
    define(env, exports, "input", guarded<Input>);
    define(env, exports, "binary", guarded<Binary>);
    define(env, exports, "unary", guarded<Unary>);
    define(env, exports, "channelSum", guarded<ChannelSum>);
    define(env, exports, "batchNorm", guarded<BatchNorm>);
    define(env, exports, "fill", guarded<Fill>);
    define(env, exports, "avgPool", guarded<AvgPool>);
    define(env, exports, "avgPoolGrad", guarded<AvgPoolGrad>);
    define(env, exports, "info", guarded<Info>);
    define(env, exports, "configure", guarded<Configure>);
  } catch (const JsError& e) {
    napi_throw_error(env, nullptr, e.message.c_str());
  }
  return exports;
}
