#include "io/files/recorded_input.h"

#include <utility>

namespace tripline {

absl::StatusOr<std::unique_ptr<RecordedInput>> RecordedInput::Open(
    const std::vector<std::string>& headline_files, const std::vector<std::string>& price_files,
    DeadLetterSink* dead_letters) {
  std::unique_ptr<RecordedInput> input(new RecordedInput());
  for (const auto& [files, kind] : {std::pair{&headline_files, StreamKind::kHeadlines},
                                    std::pair{&price_files, StreamKind::kPrices}}) {
    for (const std::string& path : *files) {
      auto stream = RecordedStream::Open(path, kind, dead_letters);
      if (!stream.ok()) return stream.status();
      input->total_bytes_ += (*stream)->file_size();
      input->merge_.Add(stream->get());
      input->streams_.push_back(std::move(*stream));
    }
  }
  return input;
}

uint64_t RecordedInput::bytes_read() const {
  uint64_t n = 0;
  for (const auto& s : streams_) n += s->bytes_read();
  return n;
}

uint64_t RecordedInput::messages() const {
  uint64_t n = 0;
  for (const auto& s : streams_) n += s->counts().messages;
  return n;
}

}  // namespace tripline
