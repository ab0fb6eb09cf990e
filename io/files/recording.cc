#include "io/files/recording.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace tripline {
namespace fs = std::filesystem;
namespace {

constexpr char kCheckpoint[] = "checkpoint";
constexpr char kCheckpointHeader[] = "tripline-recording 1";

// "headlines.000012.jsonl" or "headlines.000012.jsonl.zst" of input "headlines": 12, else 0.
uint32_t SegmentNumber(const std::string& input, const std::string& file) {
  if (!absl::StartsWith(file, input + ".")) return 0;
  std::string_view rest(file);
  rest.remove_prefix(input.size() + 1);
  size_t dot = rest.find('.');
  if (dot != 6) return 0;
  std::string_view suffix = rest.substr(dot);
  if (suffix != ".jsonl" && suffix != ".jsonl.zst") return 0;
  uint32_t n = 0;
  if (!absl::SimpleAtoi(absl::string_view(rest.data(), dot), &n)) return 0;
  return n;
}

absl::Status Errno(const std::string& what) {
  return absl::UnavailableError(absl::StrCat(what, ": ", std::strerror(errno)));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Recording>> Recording::Open(RecordingOptions options) {
  std::error_code ec;
  fs::create_directories(options.dir, ec);
  if (ec) return absl::UnavailableError(absl::StrCat(options.dir, ": ", ec.message()));
  std::unique_ptr<Recording> r(new Recording(std::move(options)));
  for (const std::string& name : r->options_.inputs) {
    Input in;
    in.name = name;
    r->inputs_.push_back(std::move(in));
  }
  if (absl::Status s = r->Recover(); !s.ok()) return s;
  return r;
}

Recording::~Recording() { (void)Close(); }

std::string Recording::SegmentName(const std::string& input, uint32_t n) const {
  return absl::StrFormat("%s.%06u.jsonl%s", input, n, options_.zstd ? ".zst" : "");
}

absl::Status Recording::Recover() {
  const fs::path dir(options_.dir);
  // The checkpoint: "segment INPUT FILE BYTES" and "offset PARTITION NEXT TOPIC" lines.
  std::map<std::string, std::pair<std::string, uint64_t>> checkpointed;
  std::ifstream in(dir / kCheckpoint);
  if (in) {
    std::string line;
    std::getline(in, line);
    if (line != kCheckpointHeader) {
      return absl::DataLossError(
          absl::StrCat((dir / kCheckpoint).string(), ": not a recording checkpoint"));
    }
    while (std::getline(in, line)) {
      std::vector<std::string> f = absl::StrSplit(line, ' ');
      uint64_t bytes = 0;
      int32_t partition = 0;
      int64_t next = 0;
      if (f.size() == 4 && f[0] == "segment" && absl::SimpleAtoi(f[3], &bytes)) {
        checkpointed[f[1]] = {f[2], bytes};
      } else if (f.size() == 4 && f[0] == "offset" && absl::SimpleAtoi(f[1], &partition) &&
                 absl::SimpleAtoi(f[2], &next)) {
        offsets_.push_back({f[3], partition, next});
      } else {
        return absl::DataLossError(
            absl::StrCat((dir / kCheckpoint).string(), ": bad line '", line, "'"));
      }
    }
  }
  for (Input& input : inputs_) {
    auto it = checkpointed.find(input.name);
    uint32_t kept = 0;
    if (it != checkpointed.end()) {
      kept = SegmentNumber(input.name, it->second.first);
      input.segment = kept;
      input.segment_file = it->second.first;
      input.segment_bytes = it->second.second;
      std::error_code ec;
      fs::resize_file(dir / input.segment_file, input.segment_bytes, ec);
      if (ec) {
        return absl::DataLossError(
            absl::StrCat((dir / input.segment_file).string(),
                         ": cannot restore the checkpointed size: ", ec.message()));
      }
    }
    // Later segments hold nothing checkpointed, hence nothing committed: Kafka sends it again.
    for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
      uint32_t n = SegmentNumber(input.name, e.path().filename().string());
      if (n > kept) {
        std::error_code ec;
        fs::remove(e.path(), ec);
        if (ec) return absl::UnavailableError(absl::StrCat(e.path().string(), ": ", ec.message()));
      }
    }
  }
  return absl::OkStatus();
}

bool Recording::IsNew(std::string_view topic, int32_t partition, int64_t offset) const {
  for (const PartitionOffset& p : offsets_) {
    if (p.partition == partition && p.topic == topic) return offset >= p.next;
  }
  return true;
}

absl::Status Recording::Write(size_t index, std::string_view line, std::string_view topic,
                              int32_t partition, int64_t offset) {
  Input& input = inputs_[index];
  if (!input.writer) {
    // A new segment per start and per rotation: a file is never reopened for writing.
    ++input.segment;
    input.segment_file = SegmentName(input.name, input.segment);
    input.segment_bytes = 0;
    auto w = JsonlWriter::Open((fs::path(options_.dir) / input.segment_file).string());
    if (!w.ok()) return w.status();
    input.writer = std::move(*w);
    input.opened = std::chrono::steady_clock::now();
  }
  input.writer->WriteLine(line);
  auto it = std::find_if(offsets_.begin(), offsets_.end(), [&](const PartitionOffset& p) {
    return p.partition == partition && p.topic == topic;
  });
  if (it == offsets_.end()) {
    offsets_.push_back({std::string(topic), partition, offset + 1});
  } else {
    it->next = std::max(it->next, offset + 1);
  }
  return absl::OkStatus();
}

absl::Status Recording::Sync(std::chrono::steady_clock::time_point now) {
  for (Input& input : inputs_) {
    if (!input.writer) continue;
    if (absl::Status s = input.writer->Sync(); !s.ok()) return s;
    input.segment_bytes = input.writer->bytes();
    const bool too_big = options_.rotate_bytes > 0 && input.segment_bytes >= options_.rotate_bytes;
    const bool too_old =
        options_.rotate_age.count() > 0 && now - input.opened >= options_.rotate_age;
    if (too_big || too_old) {
      if (absl::Status s = input.writer->Close(); !s.ok()) return s;
      input.writer.reset();
    }
  }
  return WriteCheckpoint();
}

absl::Status Recording::WriteCheckpoint() {
  std::string text = absl::StrCat(kCheckpointHeader, "\n");
  for (const Input& input : inputs_) {
    if (input.segment == 0) continue;
    absl::StrAppend(&text, "segment ", input.name, " ", input.segment_file, " ",
                    input.segment_bytes, "\n");
  }
  for (const PartitionOffset& p : offsets_) {
    absl::StrAppend(&text, "offset ", p.partition, " ", p.next, " ", p.topic, "\n");
  }
  const std::string path = (fs::path(options_.dir) / kCheckpoint).string();
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Errno(tmp);
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return Errno(tmp);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    return Errno(tmp);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return Errno(path);
  // The rename itself is durable only once the directory is.
  int dir = ::open(options_.dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return Errno(options_.dir);
  const int synced = ::fsync(dir);
  ::close(dir);
  if (synced != 0) return Errno(options_.dir);
  return absl::OkStatus();
}

absl::Status Recording::Close() {
  absl::Status first;
  for (Input& input : inputs_) {
    if (!input.writer) continue;
    absl::Status s = input.writer->Close();
    input.writer.reset();
    if (first.ok()) first = s;
  }
  return first;
}

std::vector<std::string> Recording::Segments(size_t index) const {
  std::vector<std::pair<uint32_t, std::string>> found;
  for (const fs::directory_entry& e : fs::directory_iterator(options_.dir)) {
    uint32_t n = SegmentNumber(inputs_[index].name, e.path().filename().string());
    if (n > 0) found.emplace_back(n, e.path().string());
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (auto& [n, path] : found) out.push_back(std::move(path));
  return out;
}

}  // namespace tripline
