#include "io/files/recorded_stream.h"

#include "absl/strings/str_cat.h"

namespace tripline {

absl::StatusOr<std::unique_ptr<RecordedStream>> RecordedStream::Open(const std::string& path,
                                                                     StreamKind kind,
                                                                     DeadLetterSink* dead_letters) {
  auto reader = JsonlReader::Open(path);
  if (!reader.ok()) return reader.status();
  return std::unique_ptr<RecordedStream>(
      new RecordedStream(std::move(*reader), kind, dead_letters));
}

bool RecordedStream::Next() {
  std::string_view line;
  while (reader_->NextLine(&line)) {
    ++counts_.messages;
    bool headline = kind_ == StreamKind::kHeadlines;
    if (kind_ == StreamKind::kAuto) headline = line.find("\"sym\"") == std::string_view::npos;
    // The reader's lines carry the padding simdjson needs, so they are parsed in place.
    static_assert(JsonlReader::kLinePadding >= simdjson::SIMDJSON_PADDING);
    constexpr auto kInPlace = MessageDecoder::Input::kPadded;
    const DecodeError err = headline ? decoder_.DecodeHeadline(line, &event_.headline, kInPlace)
                                     : decoder_.DecodePrice(line, &event_.price, kInPlace);
    if (err.ok()) {
      event_.kind = headline ? EventKind::kHeadline : EventKind::kPrice;
      ++counts_.decoded;
      return true;
    }
    ++counts_.dead_letters;
    origin_.clear();
    absl::StrAppend(&origin_, reader_->path(), ":", reader_->line_number());
    dead_letters_->Put(DeadLetter{err.Code(), err.Message(), origin_, line});
  }
  return false;
}

}  // namespace tripline
