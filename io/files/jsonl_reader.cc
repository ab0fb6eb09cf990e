#include "io/files/jsonl_reader.h"

#include <sys/stat.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace tripline {
namespace {

constexpr size_t kReadBlock = 256 * 1024;
// A line longer than this is not a message any producer of ours writes; reading stops with an
// error rather than growing without bound on a corrupt or binary file.
constexpr size_t kMaxLineBytes = 64 * 1024 * 1024;

}  // namespace

struct JsonlReader::ZstdState {
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  std::vector<char> in = std::vector<char>(ZSTD_DStreamInSize());
  ZSTD_inBuffer input{in.data(), 0, 0};
  size_t last_ret = 0;  // 0 when the last frame was complete
  ~ZstdState() { ZSTD_freeDCtx(dctx); }
};

absl::StatusOr<std::unique_ptr<JsonlReader>> JsonlReader::Open(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    const int err = errno;
    const std::string msg = absl::StrCat(path, ": cannot open: ", std::strerror(err));
    if (err == ENOENT) return absl::NotFoundError(msg);
    if (err == EACCES) return absl::PermissionDeniedError(msg);
    return absl::UnavailableError(msg);
  }
  const bool zstd = absl::EndsWith(path, ".zst");
  return std::unique_ptr<JsonlReader>(new JsonlReader(path, f, zstd));
}

JsonlReader::JsonlReader(std::string path, FILE* file, bool zstd)
    : path_(std::move(path)), file_(file) {
  if (zstd) zstd_ = std::make_unique<ZstdState>();
  buf_.resize(capacity_ + kLinePadding);
  struct stat st;
  if (fstat(fileno(file_), &st) == 0 && S_ISREG(st.st_mode)) {
    file_size_ = static_cast<uint64_t>(st.st_size);
  }
}

JsonlReader::~JsonlReader() { std::fclose(file_); }

bool JsonlReader::Fill() {
  if (eof_ || !status_.ok()) return false;
  // Keep the unread tail, make room for one more block.
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (capacity_ - end_ < kReadBlock) {
    if (capacity_ >= kMaxLineBytes) {
      status_ = absl::OutOfRangeError(absl::StrCat(path_, ":", line_number_ + 1,
                                                   ": line longer than ", kMaxLineBytes, " bytes"));
      return false;
    }
    capacity_ *= 2;
    buf_.resize(capacity_ + kLinePadding);
  }
  if (!zstd_) {
    const size_t n = std::fread(buf_.data() + end_, 1, capacity_ - end_, file_);
    bytes_read_ += n;
    if (n == 0) {
      if (std::ferror(file_)) {
        status_ = absl::DataLossError(absl::StrCat(path_, ": read error"));
      }
      eof_ = true;
      return false;
    }
    end_ += n;
    return true;
  }
  ZstdState& z = *zstd_;
  while (true) {
    if (z.input.pos == z.input.size) {
      const size_t n = std::fread(z.in.data(), 1, z.in.size(), file_);
      bytes_read_ += n;
      if (n == 0) {
        if (std::ferror(file_)) {
          status_ = absl::DataLossError(absl::StrCat(path_, ": read error"));
        } else if (z.last_ret != 0) {
          status_ = absl::DataLossError(absl::StrCat(path_, ": truncated zstd stream"));
        }
        eof_ = true;
        return false;
      }
      z.input = ZSTD_inBuffer{z.in.data(), n, 0};
    }
    ZSTD_outBuffer out{buf_.data() + end_, capacity_ - end_, 0};
    const size_t ret = ZSTD_decompressStream(z.dctx, &out, &z.input);
    if (ZSTD_isError(ret)) {
      status_ = absl::DataLossError(
          absl::StrCat(path_, ": corrupt zstd stream: ", ZSTD_getErrorName(ret)));
      eof_ = true;
      return false;
    }
    z.last_ret = ret;
    end_ += out.pos;
    if (out.pos > 0) return true;
  }
}

std::string_view JsonlReader::NextLine() {
  size_t scan = begin_;
  while (true) {
    const char* nl = static_cast<const char*>(std::memchr(buf_.data() + scan, '\n', end_ - scan));
    size_t line_end;
    size_t next;
    if (nl != nullptr) {
      line_end = nl - buf_.data();
      next = line_end + 1;
    } else {
      const size_t pending = end_ - begin_;
      if (Fill()) {
        scan = begin_ + pending;  // Fill() moved the unread bytes to the front
        continue;
      }
      if (!status_.ok() || begin_ == end_) return {};
      line_end = end_;  // last line without a newline
      next = end_;
    }
    ++line_number_;
    size_t start = begin_;
    begin_ = next;
    scan = next;
    size_t stop = line_end;
    if (stop > start && buf_[stop - 1] == '\r') --stop;
    bool blank = true;
    for (size_t i = start; i < stop; ++i) {
      const char c = buf_[i];
      if (c != ' ' && c != '\t') {
        blank = false;
        break;
      }
    }
    if (blank) continue;
    return std::string_view(buf_.data() + start, stop - start);
  }
}

}  // namespace tripline
