// RecordedInput: a replay's recorded files opened and merged in the backtest's order: headline
// files first, then price files, each in the order given (the merge's tie-break for events
// available at the same instant, core/merge_order.h). `tripline backtest`, `evaluate` and
// `rules eval` read their input through it, so all three replay one sequence.
//
// Thread-safety: one thread; the merge's current event borrows from the streams' decoders.
#ifndef TRIPLINE_IO_FILES_RECORDED_INPUT_H_
#define TRIPLINE_IO_FILES_RECORDED_INPUT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "io/files/recorded_stream.h"
#include "core/dead_letter.h"
#include "core/stream_merge.h"

namespace tripline {

class RecordedInput {
 public:
  // Opens every file; a file that cannot be opened is an error naming it. Lines that do not
  // decode go to `dead_letters` (not owned, may be null) as the replay reaches them.
  static absl::StatusOr<std::unique_ptr<RecordedInput>> Open(
      const std::vector<std::string>& headline_files, const std::vector<std::string>& price_files,
      DeadLetterSink* dead_letters);
  RecordedInput(const RecordedInput&) = delete;
  RecordedInput& operator=(const RecordedInput&) = delete;

  // The merged events: Next(), current(), status() (a read error of any file).
  StreamMerge& merge() { return merge_; }
  // Sizes of the files, and how much of them was read so far (for a progress line).
  uint64_t total_bytes() const { return total_bytes_; }
  uint64_t bytes_read() const;
  // Non-blank lines read from all files.
  uint64_t messages() const;

 private:
  RecordedInput() = default;

  std::vector<std::unique_ptr<RecordedStream>> streams_;
  StreamMerge merge_;
  uint64_t total_bytes_ = 0;
};

}  // namespace tripline

#endif  // TRIPLINE_IO_FILES_RECORDED_INPUT_H_
