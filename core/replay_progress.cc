#include "core/replay_progress.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>

#include "absl/strings/str_format.h"

namespace tripline {

ReplayProgress ReplayProgress::ForStderr(uint64_t total_bytes) {
  return ReplayProgress(stderr, isatty(fileno(stderr)) == 1, total_bytes);
}

std::string ReplayProgress::FormatLine(double fraction, double events_per_s, double eta_s) {
  fraction = std::clamp(fraction, 0.0, 1.0);
  std::string eta = "--:--";
  if (eta_s >= 0 && std::isfinite(eta_s)) {
    const long s = std::lround(eta_s);
    eta = s >= 3600 ? absl::StrFormat("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                    : absl::StrFormat("%d:%02d", s / 60, s % 60);
  }
  return absl::StrFormat("%5.1f%%  %.2f M events/s  ETA %s", fraction * 100, events_per_s / 1e6,
                         eta);
}

void ReplayProgress::Report(uint64_t bytes_read, bool force) {
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - last_print_ < std::chrono::milliseconds(500)) return;
  last_print_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double fraction =
      total_bytes_ > 0 ? static_cast<double>(bytes_read) / static_cast<double>(total_bytes_) : 0;
  const double rate = elapsed > 0 ? static_cast<double>(events_) / elapsed : 0;
  const double eta = fraction > 0 ? elapsed * (1 - std::min(fraction, 1.0)) / fraction : -1;
  std::fprintf(out_, "\r%s ", FormatLine(fraction, rate, eta).c_str());
  std::fflush(out_);
  printed_ = true;
}

void ReplayProgress::Finish(uint64_t bytes_read) {
  if (!enabled_ || !printed_) return;
  Report(bytes_read, true);
  std::fputc('\n', out_);
  std::fflush(out_);
}

}  // namespace tripline
