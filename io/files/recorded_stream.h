// RecordedStream: one recorded file (JSONL or .jsonl.zst) as an engine EventStream. It reads
// line by line, decodes each line with its own MessageDecoder, and sends every line that
// fails to decode to the dead-letter sink with origin "file:line", so that
// messages = decoded + dead_letters holds for every file.
//
// A file holds one message kind. kAuto decides per line: a line with a "sym" key is a price,
// anything else a headline (for `tripline inspect` over files of unknown kind).
//
// Thread-safety: one thread. The current event borrows from this stream's decoder.
#ifndef TRIPLINE_IO_FILES_RECORDED_STREAM_H_
#define TRIPLINE_IO_FILES_RECORDED_STREAM_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "io/files/jsonl_reader.h"
#include "io/codec/message_decoder.h"
#include "core/dead_letter.h"
#include "core/event_stream.h"

namespace tripline {

enum class StreamKind : uint8_t { kHeadlines, kPrices, kAuto };

struct RecordedStreamCounts {
  uint64_t messages = 0;  // non-blank lines read
  uint64_t decoded = 0;
  uint64_t dead_letters = 0;
};

class RecordedStream final : public EventStream {
 public:
  // `dead_letters` is not owned and must outlive the stream.
  static absl::StatusOr<std::unique_ptr<RecordedStream>> Open(const std::string& path,
                                                              StreamKind kind,
                                                              DeadLetterSink* dead_letters);

  bool Next() override;
  const Event& current() const override { return event_; }
  absl::Status status() const override { return reader_->status(); }

  const RecordedStreamCounts& counts() const { return counts_; }
  const std::string& path() const { return reader_->path(); }
  uint64_t line_number() const { return reader_->line_number(); }
  // Progress through the file (JsonlReader::bytes_read(), file_size()).
  uint64_t bytes_read() const { return reader_->bytes_read(); }
  uint64_t file_size() const { return reader_->file_size(); }

 private:
  RecordedStream(std::unique_ptr<JsonlReader> reader, StreamKind kind, DeadLetterSink* sink)
      : reader_(std::move(reader)), kind_(kind), dead_letters_(sink) {}

  std::unique_ptr<JsonlReader> reader_;
  StreamKind kind_;
  DeadLetterSink* dead_letters_;
  MessageDecoder decoder_;
  Event event_;
  RecordedStreamCounts counts_;
  std::string origin_;  // reused for dead-letter origins
};

}  // namespace tripline

#endif  // TRIPLINE_IO_FILES_RECORDED_STREAM_H_
