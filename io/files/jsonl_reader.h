// JsonlReader: reads a recorded stream one line at a time, plain JSONL or zstd-compressed
// (`.jsonl.zst`, chosen by the file name), streaming: memory holds one read block plus the
// longest line, never the whole file.
//
// Lines are returned without their '\n' (and without a trailing '\r'). Blank lines are not
// messages and are skipped, but still counted in line numbers so that "file:line" points at
// the right place.
//
// Every line is followed in memory by at least kLinePadding readable bytes (of any content), so
// a decoder can parse it in place (simdjson reads up to SIMDJSON_PADDING bytes past its input).
//
// Thread-safety: one thread. Views returned by NextLine() live until the next call.
#ifndef TRIPLINE_IO_FILES_JSONL_READER_H_
#define TRIPLINE_IO_FILES_JSONL_READER_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace tripline {

class JsonlReader {
 public:
  static constexpr size_t kLinePadding = 64;

  // Opens `path`; NotFound / PermissionDenied etc. name the file.
  static absl::StatusOr<std::unique_ptr<JsonlReader>> Open(const std::string& path);
  ~JsonlReader();
  JsonlReader(const JsonlReader&) = delete;
  JsonlReader& operator=(const JsonlReader&) = delete;

  // The next non-blank line; a view with a null data() at the end of the file or on a read
  // error (then status() says which). A last line without '\n' is still a line. Returned by
  // value, in registers: a view stored through a pointer and read back at once cost the
  // replay a store-forwarding stall per line.
  std::string_view NextLine();
  // The same as a flag: sets *line and returns false at the end or on an error.
  bool NextLine(std::string_view* line) {
    *line = NextLine();
    return line->data() != nullptr;
  }

  // 1-based number of the line last returned.
  uint64_t line_number() const { return line_number_; }
  const std::string& path() const { return path_; }
  absl::Status status() const { return status_; }
  bool compressed() const { return zstd_ != nullptr; }
  // Bytes read from the file so far (compressed bytes for .zst) and the file's size at open
  // (0 when unknown): how far a replay is, for progress reports.
  uint64_t bytes_read() const { return bytes_read_; }
  uint64_t file_size() const { return file_size_; }

 private:
  JsonlReader(std::string path, FILE* file, bool zstd);
  // Appends more decompressed bytes to buf_; returns false at end of input or on error.
  bool Fill();

  std::string path_;
  FILE* file_;
  struct ZstdState;
  std::unique_ptr<ZstdState> zstd_;
  std::string buf_;  // holds [begin_, end_) unread bytes; capacity_ + kLinePadding long
  size_t capacity_ = 256 * 1024;
  size_t begin_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  uint64_t line_number_ = 0;
  uint64_t bytes_read_ = 0;
  uint64_t file_size_ = 0;
  absl::Status status_;
};

}  // namespace tripline

#endif  // TRIPLINE_IO_FILES_JSONL_READER_H_
