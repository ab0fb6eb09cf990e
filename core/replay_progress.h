// ReplayProgress: a one-line progress report for long replays (`backtest`, `evaluate`) on
// stderr: percent of input bytes read, events per second and the time left, rewritten in place
// about twice a second. Silent unless stderr is a terminal, so logs, pipes and CI see nothing.
//
// Cost: OnEvent() is an increment and a mask test; the clock is read once per 65,536 events.
// Thread-safety: one thread (the replay's).
#ifndef TRIPLINE_CORE_REPLAY_PROGRESS_H_
#define TRIPLINE_CORE_REPLAY_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace tripline {

class ReplayProgress {
 public:
  // Reports to stderr when it is a terminal; `total_bytes` is the inputs' size (0: unknown).
  static ReplayProgress ForStderr(uint64_t total_bytes);
  // Reports to `out` when `enabled` (tests pass a file and true or false).
  ReplayProgress(FILE* out, bool enabled, uint64_t total_bytes)
      : out_(out), enabled_(enabled), total_bytes_(total_bytes) {}

  bool enabled() const { return enabled_; }

  // One event replayed; `bytes_read()` (called rarely) returns the input bytes read so far.
  template <typename BytesRead>
  void OnEvent(BytesRead&& bytes_read) {
    if (!enabled_ || (++events_ & 0xFFFF) != 0) return;
    Report(bytes_read(), false);
  }
  // The replay ended: the last report, then a newline. Nothing when disabled or never printed.
  void Finish(uint64_t bytes_read);

  // The line's text: "  42.0%  1.35 M events/s  ETA 0:12" (fraction in [0, 1]; ETA unknown
  // when rate or fraction is 0).
  static std::string FormatLine(double fraction, double events_per_s, double eta_s);

 private:
  void Report(uint64_t bytes_read, bool force);

  FILE* out_;
  bool enabled_;
  uint64_t total_bytes_;
  uint64_t events_ = 0;
  bool printed_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  // In the past, so the first check (after 65,536 events) prints.
  std::chrono::steady_clock::time_point last_print_ = start_ - std::chrono::seconds(1);
};

}  // namespace tripline

#endif  // TRIPLINE_CORE_REPLAY_PROGRESS_H_
