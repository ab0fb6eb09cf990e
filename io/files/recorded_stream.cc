#include "io/files/recorded_stream.h"

#include <simdjson.h>

#include "absl/strings/str_cat.h"

namespace tripline {

absl::StatusOr<std::unique_ptr<RecordedStream>> RecordedStream::Open(const std::string& path,
                                                                     StreamKind kind) {
  auto reader = JsonlReader::Open(path);
  if (!reader.ok()) return reader.status();
  return std::unique_ptr<RecordedStream>(new RecordedStream(std::move(*reader), kind));
}

SourceFront RecordedStream::Front(SourceMessage* message) {
  // The reader's lines carry the padding simdjson needs, so they are parsed in place.
  static_assert(JsonlReader::kLinePadding >= simdjson::SIMDJSON_PADDING);
  if (!pending_) {
    const std::string_view line = ended_ ? std::string_view() : reader_->NextLine();
    if (line.data() == nullptr) {
      ended_ = true;
      return SourceFront::kEnded;
    }
    pending_ = true;
    line_ = line;
    bool headline = kind_ == StreamKind::kHeadlines;
    if (kind_ == StreamKind::kAuto) headline = line.find("\"sym\"") == std::string_view::npos;
    line_kind_ = headline ? EventKind::kHeadline : EventKind::kPrice;
    message->bytes = line;  // from the registers NextLine returned it in, not from line_
  } else {
    message->bytes = line_;
  }
  message->kind = line_kind_;
  message->padded = true;
  message->marker = false;
  return SourceFront::kMessage;
}

void RecordedStream::AppendOrigin(std::string* out) const {
  absl::StrAppend(out, reader_->path(), ":", reader_->line_number());
}

}  // namespace tripline
