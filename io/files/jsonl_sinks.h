// JSONL file sinks: signals (a backtest's output) and dead letters (`--dlq`), one JSON object
// a line in the formats of docs/messages.md, and the files of a recording (`tripline record`).
// Output is buffered and flushed on Sync(), Close() or destruction; Close() reports a failed
// write. A path ending in ".zst" is written zstd-compressed: each Sync() ends a zstd frame, so
// the file up to that point is a complete stream that zstd and JsonlReader read (a reader
// decodes the frames one after the other).
//
// Thread-safety: one thread.
#ifndef TRIPLINE_IO_FILES_JSONL_SINKS_H_
#define TRIPLINE_IO_FILES_JSONL_SINKS_H_

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/dead_letter.h"
#include "core/signal_sink.h"

namespace tripline {

// Writes lines to a file ("-" is stdout).
class JsonlWriter {
 public:
  enum class Mode { kTruncate, kAppend };
  static absl::StatusOr<std::unique_ptr<JsonlWriter>> Open(const std::string& path,
                                                           Mode mode = Mode::kTruncate);
  ~JsonlWriter();
  JsonlWriter(const JsonlWriter&) = delete;
  JsonlWriter& operator=(const JsonlWriter&) = delete;

  // Writes `line` and a '\n'.
  void WriteLine(std::string_view line);
  // Makes everything written so far durable: ends the zstd frame, flushes and fsyncs. After
  // an OK, bytes() is the file's size and every line up to it survives a crash.
  absl::Status Sync();
  absl::Status Close();
  uint64_t lines() const { return lines_; }
  // The file's size as of the last Sync() (plus the size it had when opened to append).
  uint64_t bytes() const { return synced_bytes_; }
  const std::string& path() const { return path_; }

 private:
  struct Zstd;
  JsonlWriter(std::string path, FILE* f);
  // Feeds `data` to the file, through the compressor when there is one.
  void Put(std::string_view data);
  // Ends the current zstd frame (no-op without compression or an open frame).
  void EndFrame();

  std::string path_;
  FILE* file_;
  std::unique_ptr<Zstd> zstd_;
  bool failed_ = false;
  uint64_t lines_ = 0;
  uint64_t synced_bytes_ = 0;
};

class SignalFileSink final : public SignalSink {
 public:
  explicit SignalFileSink(JsonlWriter* out) : out_(out) {}
  void Emit(const Signal& signal) override;

 private:
  JsonlWriter* out_;
  std::string line_;
};

class DeadLetterFileSink final : public DeadLetterSink {
 public:
  explicit DeadLetterFileSink(JsonlWriter* out) : out_(out) {}
  void Put(const DeadLetter& letter) override;

 private:
  JsonlWriter* out_;
  std::string line_;
};

}  // namespace tripline

#endif  // TRIPLINE_IO_FILES_JSONL_SINKS_H_
