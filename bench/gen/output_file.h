// OutputFile: where the generator writes one stream, buffered; a path ending in ".zst" is
// compressed on the fly with zstd (streaming, level 3: a 10-million-event day is ~1.5 GB of
// JSONL and ~10x smaller compressed). "-" is stdout. An in-memory target serves tests.
//
// Thread-safety: none; one writer per stream.
#ifndef TRIPLINE_BENCH_GEN_OUTPUT_FILE_H_
#define TRIPLINE_BENCH_GEN_OUTPUT_FILE_H_

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

struct ZSTD_CCtx_s;

namespace tripline::gen {

class OutputFile {
 public:
  static absl::StatusOr<std::unique_ptr<OutputFile>> Open(const std::string& path);
  // Appends everything to *sink (not owned; must outlive the OutputFile). Never compressed.
  static std::unique_ptr<OutputFile> InMemory(std::string* sink);

  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile();

  void Write(std::string_view bytes) {
    buffer_.append(bytes);
    if (buffer_.size() >= kFlushBytes) Flush();
  }
  // Flushes, ends the zstd frame and closes; the first error seen since Open.
  absl::Status Close();
  uint64_t bytes_written() const { return bytes_; }  // uncompressed

 private:
  static constexpr size_t kFlushBytes = 1 << 20;
  OutputFile() = default;
  void Flush();
  void WriteRaw(const void* data, size_t n);

  std::string path_;
  std::FILE* file_ = nullptr;
  bool owns_file_ = false;
  std::string* memory_ = nullptr;
  ZSTD_CCtx_s* zstd_ = nullptr;
  std::string buffer_;
  std::string compressed_;
  uint64_t bytes_ = 0;
  absl::Status status_;
  bool closed_ = false;
};

}  // namespace tripline::gen

#endif  // TRIPLINE_BENCH_GEN_OUTPUT_FILE_H_
