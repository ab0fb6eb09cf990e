// RecordedInput: a replay's recorded files opened as sources of one ingest kernel
// (core/ingest.h), in the backtest's order: headline files first, then price files, each in
// the order given (the merge's tie-break for events available at the same instant,
// core/merge_order.h). `tripline backtest`, `evaluate`, `rules eval`, `rules gaps` and
// `inspect` read their input through it, so all of them replay one sequence, decoded,
// dead-lettered and counted in one place.
//
// Thread-safety: one thread; an event handed to Replay's callback borrows from the kernel.
#ifndef TRIPLINE_IO_FILES_RECORDED_INPUT_H_
#define TRIPLINE_IO_FILES_RECORDED_INPUT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "core/dead_letter.h"
#include "core/ingest.h"
#include "io/files/recorded_stream.h"

namespace tripline {

class RecordedInput {
 public:
  // Opens every file; a file that cannot be opened is an error naming it. Lines that do not
  // decode go to `dead_letters` (not owned, may be null) as the replay reaches them.
  static absl::StatusOr<std::unique_ptr<RecordedInput>> Open(
      const std::vector<std::string>& headline_files, const std::vector<std::string>& price_files,
      DeadLetterSink* dead_letters);
  // The same for files of any kind, in the order given.
  static absl::StatusOr<std::unique_ptr<RecordedInput>> Open(
      const std::vector<std::pair<std::string, StreamKind>>& files, DeadLetterSink* dead_letters);
  RecordedInput(const RecordedInput&) = delete;
  RecordedInput& operator=(const RecordedInput&) = delete;

  // Hands every event to `on_event(const Event&)` in replay order; returns the first read
  // error of any file (the replay stops at it).
  template <typename OnEvent>
  absl::Status Replay(OnEvent&& on_event) {
    ingest_.Replay(on_event);
    return status();
  }
  absl::Status status() const;

  // messages = decoded + dead letters, over all files.
  const IngestCounts& counts() const { return ingest_.counts(); }
  // Sizes of the files, and how much of them was read so far (for a progress line).
  uint64_t total_bytes() const { return total_bytes_; }
  uint64_t bytes_read() const;

 private:
  explicit RecordedInput(DeadLetterSink* dead_letters);

  std::vector<std::unique_ptr<RecordedStream>> streams_;
  Ingest ingest_;
  uint64_t total_bytes_ = 0;
};

}  // namespace tripline

#endif  // TRIPLINE_IO_FILES_RECORDED_INPUT_H_
