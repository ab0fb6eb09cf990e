// Recording: the directory `tripline record` writes, made so that a recorder killed at any
// moment (SIGKILL, power loss) and restarted holds every input message exactly once, in order.
//
// Layout: per input, numbered segments `headlines.000001.jsonl` (or `.jsonl.zst`),
// `headlines.000002.jsonl`, ... to replay in name order (`tripline backtest --headlines
// DIR/headlines.*`), and `checkpoint`: per input its current segment and that segment's
// durable size, and per topic partition the next offset to record.
//
// Protocol, per batch: Write() the lines, then Sync(): it makes them durable (zstd frame
// ended, flush, fsync) and replaces the checkpoint atomically (write, fsync, rename, fsync the
// directory); only after that may the caller commit the offsets to Kafka. On Open() the
// checkpoint is the truth: each input's checkpointed segment is cut back to its checkpointed
// size and later segments are removed (nothing in them was checkpointed, so nothing of them
// was committed and Kafka delivers it again), and IsNew() rejects a message below its
// partition's checkpointed offset (Kafka's commit may lag the checkpoint by one batch). A
// restart starts a new segment, so earlier files are never rewritten.
//
// Thread-safety: one thread.
#ifndef TRIPLINE_IO_FILES_RECORDING_H_
#define TRIPLINE_IO_FILES_RECORDING_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "io/files/jsonl_sinks.h"

namespace tripline {

struct RecordingOptions {
  std::string dir;
  std::vector<std::string> inputs;     // stream names, e.g. {"headlines", "prices"}
  bool zstd = false;                   // write `.jsonl.zst` segments
  uint64_t rotate_bytes = 0;           // start a new segment past this size (0: never)
  std::chrono::seconds rotate_age{0};  // ... or once a segment is this old (0: never)
};

class Recording {
 public:
  // Creates the directory if needed and recovers it from its checkpoint (above).
  static absl::StatusOr<std::unique_ptr<Recording>> Open(RecordingOptions options);
  ~Recording();
  Recording(const Recording&) = delete;
  Recording& operator=(const Recording&) = delete;

  // False when the message at `offset` of `topic`/`partition` is already recorded.
  bool IsNew(std::string_view topic, int32_t partition, int64_t offset) const;
  // Appends `line` to input `input` (an index into options.inputs) and notes that the
  // partition's next offset is `offset + 1`.
  absl::Status Write(size_t input, std::string_view line, std::string_view topic, int32_t partition,
                     int64_t offset);
  // Makes every line written durable, rotates the segments that are due, writes the
  // checkpoint. An error means nothing since the last OK may be committed.
  absl::Status Sync(std::chrono::steady_clock::time_point now);
  absl::Status Close();

  // The segments of input `input`, in replay order (for tests and tools).
  std::vector<std::string> Segments(size_t input) const;

 private:
  struct Input {
    std::string name;
    uint32_t segment = 0;                 // the current (or last) segment's number; 0: none yet
    std::string segment_file;             // its file name
    uint64_t segment_bytes = 0;           // its durable size
    std::unique_ptr<JsonlWriter> writer;  // null until the next line
    std::chrono::steady_clock::time_point opened;
  };
  struct PartitionOffset {
    std::string topic;
    int32_t partition;
    int64_t next;
  };
  explicit Recording(RecordingOptions options) : options_(std::move(options)) {}
  absl::Status Recover();
  absl::Status WriteCheckpoint();
  std::string SegmentName(const std::string& input, uint32_t n) const;

  RecordingOptions options_;
  std::vector<Input> inputs_;
  std::vector<PartitionOffset> offsets_;
};

}  // namespace tripline

#endif  // TRIPLINE_IO_FILES_RECORDING_H_
