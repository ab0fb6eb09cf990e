// Clock: where the live core reads wall time (for latency metrics and how long a quiet
// partition has been quiet). The live engine uses SystemClock; tests use TestClock and move
// time themselves, so time-dependent behaviour is tested without sleeping.
//
// Thread-safety: SystemClock is stateless; a TestClock may be moved by the test while the
// thread under test reads it (an atomic).
#ifndef TRIPLINE_CORE_CLOCK_H_
#define TRIPLINE_CORE_CLOCK_H_

#include <atomic>
#include <chrono>

#include "core/event_time.h"

namespace tripline {

class Clock {
 public:
  virtual ~Clock() = default;
  // Nanoseconds since the Unix epoch.
  virtual EventTime Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  EventTime Now() const override {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

class TestClock final : public Clock {
 public:
  explicit TestClock(EventTime start = 0) : now_(start) {}
  EventTime Now() const override { return now_.load(std::memory_order_relaxed); }
  void Advance(EventTime d) { now_.fetch_add(d, std::memory_order_relaxed); }
  void Set(EventTime t) { now_.store(t, std::memory_order_relaxed); }

 private:
  std::atomic<EventTime> now_;
};

}  // namespace tripline

#endif  // TRIPLINE_CORE_CLOCK_H_
