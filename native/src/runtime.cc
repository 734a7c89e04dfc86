#include "runtime.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <new>
#include <thread>
#include <vector>

namespace bw {
namespace {

/** 64-byte aligned float buffers that only grow, one set per thread slot. */
class Scratch {
 public:
  float* get(int slot, int which, size_t floats) {
    if (slot >= static_cast<int>(slots_.size())) slots_.resize(slot + 1);
    auto& bufs = slots_[slot];
    if (which >= static_cast<int>(bufs.size())) bufs.resize(which + 1);
    Buffer& b = bufs[which];
    if (b.floats < floats) {
      if (b.data != nullptr) ::operator delete(b.data, std::align_val_t(64));
      b.data = nullptr;
      b.floats = 0;
      const size_t bytes = ((floats * sizeof(float)) + 63) / 64 * 64;
      b.data = static_cast<float*>(::operator new(bytes, std::align_val_t(64)));
      b.floats = bytes / sizeof(float);
    }
    return b.data;
  }

 private:
  struct Buffer {
    float* data = nullptr;
    size_t floats = 0;
  };
  std::vector<std::vector<Buffer>> slots_;
};

/**
 * A fixed set of worker threads plus the calling thread. run() hands out units through an
 * atomic ticket and returns once every unit is done (tfjs kernels are synchronous). The caller
 * waits for the units, not for the workers: a worker that wakes late (a busy machine takes tens
 * of microseconds to schedule it) finds nothing left and goes back to sleep, so a small job
 * costs no more than the caller doing it alone.
 */
class Pool {
 public:
  explicit Pool(int threads) { resize(threads); }
  ~Pool() { stop(); }

  int size() const { return static_cast<int>(workers_.size()) + 1; }

  void resize(int threads) {
    stop();
    stopping_ = false;
    for (int i = 1; i < threads; ++i) workers_.emplace_back([this, i] { loop(i); });
  }

  void run(int units, void (*fn)(void*, int, int), void* arg) {
    if (workers_.empty() || units <= 1) {
      for (int u = 0; u < units; ++u) fn(arg, u, 0);
      return;
    }
    Job job;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job = Job{fn, arg, units, ++generation_};
      job_ = job;
      completed_ = 0;
      ticket_.store(static_cast<uint64_t>(job.generation) << 32);
    }
    wake_.notify_all();
    const int mine = work(job, 0);
    std::unique_lock<std::mutex> lock(mutex_);
    completed_ += mine;
    done_.wait(lock, [&] { return completed_ == units; });
  }

 private:
  struct Job {
    void (*fn)(void*, int, int) = nullptr;
    void* arg = nullptr;
    int units = 0;
    uint32_t generation = 0;
  };

  /** Runs units of `job` while any are left; returns how many it ran. A ticket carries its
   *  job's generation, so a worker still holding an older job can never take a newer unit. */
  int work(const Job& job, int thread) {
    int ran = 0;
    for (;;) {
      uint64_t t = ticket_.load();
      for (;;) {
        if (static_cast<uint32_t>(t >> 32) != job.generation) return ran;
        if (static_cast<int>(t & 0xffffffffu) >= job.units) return ran;
        if (ticket_.compare_exchange_weak(t, t + 1)) break;
      }
      job.fn(job.arg, static_cast<int>(t & 0xffffffffu), thread);
      ++ran;
    }
  }

  void loop(int thread) {
    uint32_t seen = 0;
    for (;;) {
      Job job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
        if (stopping_) return;
        seen = generation_;
        job = job_;
      }
      const int ran = work(job, thread);
      if (ran == 0) continue;
      std::lock_guard<std::mutex> lock(mutex_);
      // The caller is still waiting for this job: its units are not all counted yet.
      completed_ += ran;
      if (completed_ == job.units) done_.notify_one();
    }
  }

  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
  }

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  Job job_;
  std::atomic<uint64_t> ticket_{0};
  int completed_ = 0;
  uint32_t generation_ = 0;
  bool stopping_ = false;
};

int defaultThreads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n > 64 ? 64 : n);
}

Pool& pool() {
  // Never destroyed: joining threads during a process's static teardown can hang.
  static Pool* p = new Pool(defaultThreads());
  return *p;
}

Scratch& scratch() {
  static Scratch* s = new Scratch();
  return *s;
}

Runtime& mutableRuntime() {
  static Runtime rt{
      pool().size(),
      [](int units, void (*fn)(void*, int, int), void* arg) { pool().run(units, fn, arg); },
      [](int slot, int which, size_t floats) { return scratch().get(slot, which, floats); },
  };
  return rt;
}

#if defined(BW_X86)
bool hasAvx512() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2") &&
         __builtin_cpu_supports("fma");
}
bool hasAvx2() { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }
#endif

}  // namespace

const ConvKernels* kernelsFor(const std::string& isa) {
#if defined(BW_X86)
  if ((isa == "auto" || isa == "avx512") && hasAvx512()) return &kernelsAvx512();
  if ((isa == "auto" || isa == "avx2") && hasAvx2()) return &kernelsAvx2();
#endif
  if (isa == "auto" || isa == "portable") return &kernelsGeneric();
  return nullptr;
}

std::string availableIsas() {
  std::string out;
#if defined(BW_X86)
  if (hasAvx512()) out += "avx512,";
  if (hasAvx2()) out += "avx2,";
#endif
  return out + "portable";
}

void setThreads(int threads) {
  const int n = threads <= 0 ? defaultThreads() : (threads > 64 ? 64 : threads);
  if (n == pool().size()) return;
  pool().resize(n);
  mutableRuntime().threads = n;
}

const Runtime& runtime() { return mutableRuntime(); }

}  // namespace bw
