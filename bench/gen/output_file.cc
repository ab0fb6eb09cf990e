#include "bench/gen/output_file.h"

#include <zstd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace tripline::gen {

absl::StatusOr<std::unique_ptr<OutputFile>> OutputFile::Open(const std::string& path) {
  std::unique_ptr<OutputFile> f(new OutputFile());
  f->path_ = path;
  if (path == "-") {
    f->file_ = stdout;
  } else {
    f->file_ = std::fopen(path.c_str(), "wb");
    if (f->file_ == nullptr) {
      return absl::NotFoundError(absl::StrCat("cannot write ", path, ": ", std::strerror(errno)));
    }
    f->owns_file_ = true;
  }
  if (absl::EndsWith(path, ".zst")) {
    f->zstd_ = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(f->zstd_, ZSTD_c_compressionLevel, 3);
    f->compressed_.resize(ZSTD_CStreamOutSize());
  }
  f->buffer_.reserve(kFlushBytes + 4096);
  return f;
}

std::unique_ptr<OutputFile> OutputFile::InMemory(std::string* sink) {
  std::unique_ptr<OutputFile> f(new OutputFile());
  f->path_ = "<memory>";
  f->memory_ = sink;
  return f;
}

OutputFile::~OutputFile() { (void)Close(); }

void OutputFile::WriteRaw(const void* data, size_t n) {
  if (memory_ != nullptr) {
    memory_->append(static_cast<const char*>(data), n);
    return;
  }
  if (status_.ok() && std::fwrite(data, 1, n, file_) != n) {
    status_ =
        absl::DataLossError(absl::StrCat("write failed on ", path_, ": ", std::strerror(errno)));
  }
}

void OutputFile::Flush() {
  bytes_ += buffer_.size();
  if (zstd_ == nullptr) {
    WriteRaw(buffer_.data(), buffer_.size());
  } else {
    ZSTD_inBuffer in{buffer_.data(), buffer_.size(), 0};
    while (in.pos < in.size) {
      ZSTD_outBuffer out{compressed_.data(), compressed_.size(), 0};
      const size_t rc = ZSTD_compressStream2(zstd_, &out, &in, ZSTD_e_continue);
      if (ZSTD_isError(rc)) {
        status_ = absl::InternalError(absl::StrCat("zstd: ", ZSTD_getErrorName(rc)));
        break;
      }
      WriteRaw(out.dst, out.pos);
    }
  }
  buffer_.clear();
}

absl::Status OutputFile::Close() {
  if (closed_) return status_;
  closed_ = true;
  Flush();
  if (zstd_ != nullptr) {
    size_t remaining = 0;
    do {
      ZSTD_inBuffer in{nullptr, 0, 0};
      ZSTD_outBuffer out{compressed_.data(), compressed_.size(), 0};
      remaining = ZSTD_compressStream2(zstd_, &out, &in, ZSTD_e_end);
      if (ZSTD_isError(remaining)) {
        status_ = absl::InternalError(absl::StrCat("zstd: ", ZSTD_getErrorName(remaining)));
        break;
      }
      WriteRaw(out.dst, out.pos);
    } while (remaining != 0);
    ZSTD_freeCCtx(zstd_);
    zstd_ = nullptr;
  }
  if (file_ != nullptr) {
    if (std::fflush(file_) != 0 && status_.ok()) {
      status_ = absl::DataLossError(absl::StrCat("flush failed on ", path_));
    }
    if (owns_file_ && std::fclose(file_) != 0 && status_.ok()) {
      status_ = absl::DataLossError(absl::StrCat("close failed on ", path_));
    }
    file_ = nullptr;
  }
  return status_;
}

}  // namespace tripline::gen
