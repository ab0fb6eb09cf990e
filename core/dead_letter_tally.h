// DeadLetterTally: counts dead letters by error code, keeps the first few for reports, and
// forwards each to the next sink (a file, a topic) when there is one. Used by `inspect`,
// `backtest` and the live engine's metrics so every dead letter is both kept and counted.
//
// Thread-safety: one thread.
#ifndef TRIPLINE_CORE_DEAD_LETTER_TALLY_H_
#define TRIPLINE_CORE_DEAD_LETTER_TALLY_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/dead_letter.h"

namespace tripline {

class DeadLetterTally final : public DeadLetterSink {
 public:
  // `next` may be null; not owned.
  DeadLetterTally(DeadLetterSink* next, size_t keep_first) : next_(next), keep_(keep_first) {}

  void Put(const DeadLetter& letter) override {
    ++total_;
    ++by_code_[letter.code];
    if (first_.size() < keep_) {
      first_.push_back(letter.origin + ": " + letter.code + ": " + letter.message);
    }
    if (next_ != nullptr) next_->Put(letter);
  }

  uint64_t total() const { return total_; }
  // Ordered by code, for stable reports.
  const std::map<std::string, uint64_t>& by_code() const { return by_code_; }
  // "origin: code: message" of the first dead letters.
  const std::vector<std::string>& first() const { return first_; }

 private:
  DeadLetterSink* next_;
  size_t keep_;
  uint64_t total_ = 0;
  std::map<std::string, uint64_t> by_code_;
  std::vector<std::string> first_;
};

}  // namespace tripline

#endif  // TRIPLINE_CORE_DEAD_LETTER_TALLY_H_
