#include "io/files/recorded_input.h"

#include <utility>

#include "io/codec/message_decoder.h"

namespace tripline {

RecordedInput::RecordedInput(DeadLetterSink* dead_letters)
    : ingest_([] { return std::make_unique<MessageDecoder>(); }, dead_letters) {}

absl::StatusOr<std::unique_ptr<RecordedInput>> RecordedInput::Open(
    const std::vector<std::string>& headline_files, const std::vector<std::string>& price_files,
    DeadLetterSink* dead_letters) {
  std::vector<std::pair<std::string, StreamKind>> files;
  for (const std::string& f : headline_files) files.emplace_back(f, StreamKind::kHeadlines);
  for (const std::string& f : price_files) files.emplace_back(f, StreamKind::kPrices);
  return Open(files, dead_letters);
}

absl::StatusOr<std::unique_ptr<RecordedInput>> RecordedInput::Open(
    const std::vector<std::pair<std::string, StreamKind>>& files, DeadLetterSink* dead_letters) {
  std::unique_ptr<RecordedInput> input(new RecordedInput(dead_letters));
  for (const auto& [path, kind] : files) {
    auto stream = RecordedStream::Open(path, kind);
    if (!stream.ok()) return stream.status();
    input->total_bytes_ += (*stream)->file_size();
    input->ingest_.Add(stream->get());
    input->streams_.push_back(std::move(*stream));
  }
  return input;
}

absl::Status RecordedInput::status() const {
  for (const auto& s : streams_) {
    if (!s->status().ok()) return s->status();
  }
  return absl::OkStatus();
}

uint64_t RecordedInput::bytes_read() const {
  uint64_t n = 0;
  for (const auto& s : streams_) n += s->bytes_read();
  return n;
}

}  // namespace tripline
