// EventStudy: the mean cumulative direction-adjusted return on a one-minute grid from 30 min
// before to 4 h after an event (a signal's entry, or a random baseline time), with a 95% band
// (mean +- 1.96 standard errors per point). One per rule, and one per rule's baseline.
//
// Thread-safety: plain value; one thread.
#ifndef TRIPLINE_APP_EVALUATION_EVENT_STUDY_H_
#define TRIPLINE_APP_EVALUATION_EVENT_STUDY_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace tripline::evaluation {

class EventStudy {
 public:
  static constexpr int kMinutesBefore = 30;
  static constexpr int kMinutesAfter = 240;
  static constexpr int kPoints = kMinutesBefore + kMinutesAfter + 1;
  // The grid index of a minute offset in [-kMinutesBefore, kMinutesAfter].
  static constexpr int Index(int offset_minutes) { return offset_minutes + kMinutesBefore; }
  static constexpr int Offset(int index) { return index - kMinutesBefore; }

  EventStudy() : sum_(kPoints, 0.0), sum_sq_(kPoints, 0.0), n_(kPoints, 0) {}

  // Adds one event's return at grid index `i`; NaN (no price there) is skipped.
  void Add(int i, double value) {
    if (std::isnan(value)) return;
    sum_[i] += value;
    sum_sq_[i] += value * value;
    ++n_[i];
  }
  uint32_t n(int i) const { return n_[i]; }
  // NaN where no event had a price.
  double Mean(int i) const { return n_[i] ? sum_[i] / n_[i] : std::nan(""); }
  // Half the width of the 95% band; 0 with fewer than two events.
  double HalfWidth(int i) const {
    if (n_[i] < 2) return 0;
    const double mean = sum_[i] / n_[i];
    const double var = std::max(0.0, (sum_sq_[i] - n_[i] * mean * mean) / (n_[i] - 1));
    return 1.96 * std::sqrt(var / n_[i]);
  }
  uint32_t events() const { return n_[Index(0)]; }
  // Adds every event of `other` (pooling rules into one line).
  void Merge(const EventStudy& other) {
    for (int i = 0; i < kPoints; ++i) {
      sum_[i] += other.sum_[i];
      sum_sq_[i] += other.sum_sq_[i];
      n_[i] += other.n_[i];
    }
  }

 private:
  std::vector<double> sum_;
  std::vector<double> sum_sq_;
  std::vector<uint32_t> n_;
};

}  // namespace tripline::evaluation

#endif  // TRIPLINE_APP_EVALUATION_EVENT_STUDY_H_
