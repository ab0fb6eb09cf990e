#include "connectors/jsonl_sinks.h"

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "connectors/dead_letter_encoder.h"
#include "connectors/signal_encoder.h"

namespace tripline {

absl::StatusOr<std::unique_ptr<JsonlWriter>> JsonlWriter::Open(const std::string& path) {
  FILE* f = path == "-" ? stdout : std::fopen(path.c_str(), "wb");
  if (f == nullptr) {
    return absl::UnavailableError(
        absl::StrCat(path, ": cannot open for writing: ", std::strerror(errno)));
  }
  return std::unique_ptr<JsonlWriter>(new JsonlWriter(path, f));
}

JsonlWriter::~JsonlWriter() { (void)Close(); }

void JsonlWriter::WriteLine(std::string_view line) {
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fputc('\n', file_);
  ++lines_;
}

absl::Status JsonlWriter::Close() {
  if (file_ == nullptr) return absl::OkStatus();
  const bool failed = std::ferror(file_) != 0 || std::fflush(file_) != 0;
  if (file_ != stdout) std::fclose(file_);
  file_ = nullptr;
  if (failed) return absl::DataLossError(absl::StrCat(path_, ": write failed"));
  return absl::OkStatus();
}

void SignalFileSink::Emit(const Signal& signal) {
  line_.clear();
  AppendSignalJson(signal, &line_);
  out_->WriteLine(line_);
}

void DeadLetterFileSink::Put(const DeadLetter& letter) {
  line_.clear();
  AppendDeadLetterJson(letter, &line_);
  out_->WriteLine(line_);
}

}  // namespace tripline
