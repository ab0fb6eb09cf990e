// A dead letter: an input that could not be decoded or validated, with where it came from and
// why. Nothing is dropped silently: every message is either decoded or dead-lettered.
//
// Ownership: `payload` borrows the original bytes; a sink copies what it keeps.
// Thread-safety: plain value.
#ifndef TRIPLINE_CORE_DEAD_LETTER_H_
#define TRIPLINE_CORE_DEAD_LETTER_H_

#include <string>
#include <string_view>

namespace tripline {

struct DeadLetter {
  // Stable code, "kind:field" or "kind" (`missing_field:price`, `not_json`, `too_large`).
  std::string code;
  // Human message naming the field ("field 'price' must be a number > 0, got -1").
  std::string message;
  // Where it came from: "file.jsonl:12" or "topic/partition/offset".
  std::string origin;
  std::string_view payload;
};

// Receives dead letters. Implementations: a JSONL file (backtest, inspect), the
// `tripline.dlq` topic (live), an in-memory list (tests).
// Thread-safety: called from the pipeline thread only.
class DeadLetterSink {
 public:
  virtual ~DeadLetterSink() = default;
  virtual void Put(const DeadLetter& letter) = 0;
};

}  // namespace tripline

#endif  // TRIPLINE_CORE_DEAD_LETTER_H_
