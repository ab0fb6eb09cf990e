// Metrics: counters, gauges and histograms rendered in the Prometheus text exposition format
// (version 0.0.4) for the admin server's /metrics.
//
// A metric is a family (name, help, type) with one series per label set. Series are created
// on first use and live as long as the registry, so the hot path resolves a series once and
// then only touches its atomic counters: no allocation, no lock per message.
//
// Thread-safety: Counter and Histogram updates are lock-free and safe from any thread. Series
// creation and Render() take the registry's mutex.
#ifndef TRIPLINE_CORE_METRICS_H_
#define TRIPLINE_CORE_METRICS_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace tripline {

class Counter {
 public:
  void Inc(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// Fixed upper bounds (ascending, without +Inf); counts are cumulative only when rendered.
// Pick bounds that fit what is measured (below): a histogram whose observations all land in
// one bucket says nothing.
class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void Observe(double value);
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  // The sum of the observations, as observed (seconds for durations).
  double sum() const { return sum_.load(std::memory_order_relaxed); }
  const std::vector<double>& bounds() const { return bounds_; }
  // Non-cumulative count of bucket i (i == bounds().size() is +Inf).
  uint64_t bucket(size_t i) const { return buckets_[i].load(std::memory_order_relaxed); }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;
  std::atomic<uint64_t> count_{0};
  std::atomic<double> sum_{0};  // lock-free: fetch_add is a compare-and-swap loop
};

// Buckets in seconds for one step of processing (a decode, a rule evaluation): 100 ns to 10 ms.
std::vector<double> StepDurationBuckets();
// Buckets in seconds for end-to-end latency (input message to signal): 1 ms to 60 s.
std::vector<double> LatencyBuckets();

class MetricsRegistry {
 public:
  MetricsRegistry() = default;
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  // `labels` is the rendered label set without braces, e.g. `topic="signals"` (see Label()).
  // Returns the series, creating it (and its family) on first use; the pointer stays valid for
  // the registry's life.
  Counter* GetCounter(const std::string& name, const std::string& help,
                      const std::string& labels = "");
  Histogram* GetHistogram(const std::string& name, const std::string& help,
                          const std::string& labels = "",
                          std::vector<double> bounds = LatencyBuckets());
  // A gauge read at render time (consumer lag, assigned partitions). Replaces an existing one.
  void SetGauge(const std::string& name, const std::string& help, const std::string& labels,
                std::function<double()> read);
  // A counter kept elsewhere (a monotonic count of the Kafka client's), read at render time.
  // `name` should end in _total.
  void SetCounterFunction(const std::string& name, const std::string& help,
                          const std::string& labels, std::function<double()> read);
  // A gauge whose series are only known at render time (lag per partition): `collect` appends
  // (labels, value) pairs. Replaces an existing one.
  using SeriesCollector = std::function<void(std::vector<std::pair<std::string, double>>* series)>;
  void SetGaugeCollector(const std::string& name, const std::string& help, SeriesCollector collect);

  // Everything in the Prometheus text format, families in name order.
  std::string Render() const;

 private:
  struct Family {
    std::string help;
    std::string type;
    std::map<std::string, std::unique_ptr<Counter>> counters;
    std::map<std::string, std::unique_ptr<Histogram>> histograms;
    std::map<std::string, std::function<double()>> gauges;  // and counter functions
    SeriesCollector collector;
  };
  Family& FamilyFor(const std::string& name, const std::string& help, const char* type);

  mutable std::mutex mu_;
  std::map<std::string, Family> families_;
};

// The series of one counter family split by one label (signals by rule, dead letters by
// code), for the single thread that counts: each distinct value is resolved through the
// registry (its lock, its strings) once, then found by a hash look-up of the value, without a
// lock or an allocation.
//
// Thread-safety: one thread calls For(); the counters it returns are safe anywhere.
class LabeledCounter {
 public:
  LabeledCounter(MetricsRegistry* registry, std::string name, std::string help, std::string label)
      : registry_(registry),
        name_(std::move(name)),
        help_(std::move(help)),
        label_(std::move(label)) {}
  LabeledCounter(const LabeledCounter&) = delete;
  LabeledCounter& operator=(const LabeledCounter&) = delete;

  // The series for `value`; resolve the values known in advance (the pack's rule ids) at
  // load time so that none is first seen on the hot path.
  Counter* For(std::string_view value);

 private:
  MetricsRegistry* registry_;
  std::string name_;
  std::string help_;
  std::string label_;
  absl::flat_hash_map<std::string, Counter*> series_;
};

// `name="value"` with the value escaped as the text format requires (\\, \", \n).
std::string Label(const std::string& name, std::string_view value);

}  // namespace tripline

#endif  // TRIPLINE_CORE_METRICS_H_
