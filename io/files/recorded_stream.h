// RecordedStream: one recorded file (JSONL or .jsonl.zst) as a source of the ingest kernel
// (core/ingest.h): it hands out its lines in order, each with the padding the decoder needs to
// parse it in place, and names a line's place ("file:line") for its dead letter. A file is a
// source that has always ended once read to its end.
//
// A file holds one message kind. kAuto decides per line: a line with a "sym" key is a price,
// anything else a headline (for `tripline inspect` over files of unknown kind).
//
// Thread-safety: one thread. A line is valid until Pop().
#ifndef TRIPLINE_IO_FILES_RECORDED_STREAM_H_
#define TRIPLINE_IO_FILES_RECORDED_STREAM_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "core/ingest_source.h"
#include "io/files/jsonl_reader.h"

namespace tripline {

enum class StreamKind : uint8_t { kHeadlines, kPrices, kAuto };

class RecordedStream final : public IngestSource {
 public:
  static absl::StatusOr<std::unique_ptr<RecordedStream>> Open(const std::string& path,
                                                              StreamKind kind);

  SourceFront Front(SourceMessage* message) override;
  void Pop() override { pending_ = false; }
  void AppendOrigin(std::string* out) const override;

  // OK unless reading failed (I/O error, corrupt compression).
  absl::Status status() const { return reader_->status(); }
  const std::string& path() const { return reader_->path(); }
  // Progress through the file (JsonlReader::bytes_read(), file_size()).
  uint64_t bytes_read() const { return reader_->bytes_read(); }
  uint64_t file_size() const { return reader_->file_size(); }

 private:
  RecordedStream(std::unique_ptr<JsonlReader> reader, StreamKind kind)
      : reader_(std::move(reader)), kind_(kind) {}

  std::unique_ptr<JsonlReader> reader_;
  StreamKind kind_;
  bool pending_ = false;  // line_ was read and not popped yet
  bool ended_ = false;
  std::string_view line_;
  EventKind line_kind_ = EventKind::kPrice;
};

}  // namespace tripline

#endif  // TRIPLINE_IO_FILES_RECORDED_STREAM_H_
