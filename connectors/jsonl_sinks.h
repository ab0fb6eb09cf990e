// JSONL file sinks: signals (a backtest's output) and dead letters (`--dlq`), one JSON object
// a line in the formats of docs/messages.md. Output is buffered and flushed on Close() or
// destruction; Close() reports a failed write.
//
// Thread-safety: one thread.
#ifndef TRIPLINE_CONNECTORS_JSONL_SINKS_H_
#define TRIPLINE_CONNECTORS_JSONL_SINKS_H_

#include <cstdio>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/dead_letter.h"
#include "engine/signal_sink.h"

namespace tripline {

// Appends lines to a file ("-" is stdout).
class JsonlWriter {
 public:
  static absl::StatusOr<std::unique_ptr<JsonlWriter>> Open(const std::string& path);
  ~JsonlWriter();
  JsonlWriter(const JsonlWriter&) = delete;
  JsonlWriter& operator=(const JsonlWriter&) = delete;

  // Writes `line` and a '\n'.
  void WriteLine(std::string_view line);
  absl::Status Close();
  uint64_t lines() const { return lines_; }

 private:
  JsonlWriter(std::string path, FILE* f) : path_(std::move(path)), file_(f) {}
  std::string path_;
  FILE* file_;
  uint64_t lines_ = 0;
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

#endif  // TRIPLINE_CONNECTORS_JSONL_SINKS_H_
