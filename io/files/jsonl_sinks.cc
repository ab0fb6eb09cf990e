#include "io/files/jsonl_sinks.h"

#include <unistd.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "io/codec/dead_letter_encoder.h"
#include "io/codec/signal_encoder.h"

namespace tripline {

struct JsonlWriter::Zstd {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  std::vector<char> out = std::vector<char>(ZSTD_CStreamOutSize());
  bool frame_open = false;
  ~Zstd() { ZSTD_freeCCtx(cctx); }
};

JsonlWriter::JsonlWriter(std::string path, FILE* f) : path_(std::move(path)), file_(f) {}

absl::StatusOr<std::unique_ptr<JsonlWriter>> JsonlWriter::Open(const std::string& path, Mode mode) {
  FILE* f = path == "-" ? stdout : std::fopen(path.c_str(), mode == Mode::kAppend ? "ab" : "wb");
  if (f == nullptr) {
    return absl::UnavailableError(
        absl::StrCat(path, ": cannot open for writing: ", std::strerror(errno)));
  }
  std::unique_ptr<JsonlWriter> w(new JsonlWriter(path, f));
  if (absl::EndsWith(path, ".zst")) {
    w->zstd_ = std::make_unique<Zstd>();
    ZSTD_CCtx_setParameter(w->zstd_->cctx, ZSTD_c_compressionLevel, 3);
  }
  if (f != stdout) {
    long size = std::ftell(f);
    if (mode == Mode::kAppend && std::fseek(f, 0, SEEK_END) == 0) size = std::ftell(f);
    w->synced_bytes_ = size > 0 ? static_cast<uint64_t>(size) : 0;
  }
  return w;
}

JsonlWriter::~JsonlWriter() { (void)Close(); }

void JsonlWriter::Put(std::string_view data) {
  if (!zstd_) {
    if (std::fwrite(data.data(), 1, data.size(), file_) != data.size()) failed_ = true;
    return;
  }
  zstd_->frame_open = true;
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  while (in.pos < in.size) {
    ZSTD_outBuffer out{zstd_->out.data(), zstd_->out.size(), 0};
    size_t r = ZSTD_compressStream2(zstd_->cctx, &out, &in, ZSTD_e_continue);
    if (ZSTD_isError(r)) {
      failed_ = true;
      return;
    }
    if (out.pos > 0 && std::fwrite(zstd_->out.data(), 1, out.pos, file_) != out.pos) {
      failed_ = true;
    }
  }
}

void JsonlWriter::EndFrame() {
  if (!zstd_ || !zstd_->frame_open) return;
  ZSTD_inBuffer in{nullptr, 0, 0};
  size_t remaining;
  do {
    ZSTD_outBuffer out{zstd_->out.data(), zstd_->out.size(), 0};
    remaining = ZSTD_compressStream2(zstd_->cctx, &out, &in, ZSTD_e_end);
    if (ZSTD_isError(remaining)) {
      failed_ = true;
      return;
    }
    if (out.pos > 0 && std::fwrite(zstd_->out.data(), 1, out.pos, file_) != out.pos) {
      failed_ = true;
    }
  } while (remaining != 0);
  zstd_->frame_open = false;
}

void JsonlWriter::WriteLine(std::string_view line) {
  Put(line);
  Put("\n");
  ++lines_;
}

absl::Status JsonlWriter::Sync() {
  if (file_ == nullptr) return absl::FailedPreconditionError(absl::StrCat(path_, ": closed"));
  EndFrame();
  if (std::fflush(file_) != 0 || std::ferror(file_) != 0) failed_ = true;
  if (!failed_ && file_ != stdout && ::fsync(fileno(file_)) != 0) failed_ = true;
  if (failed_) return absl::DataLossError(absl::StrCat(path_, ": write failed"));
  if (file_ != stdout) {
    long size = std::ftell(file_);
    if (size >= 0) synced_bytes_ = static_cast<uint64_t>(size);
  }
  return absl::OkStatus();
}

absl::Status JsonlWriter::Close() {
  if (file_ == nullptr) return absl::OkStatus();
  EndFrame();
  const bool failed = failed_ || std::ferror(file_) != 0 || std::fflush(file_) != 0;
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
