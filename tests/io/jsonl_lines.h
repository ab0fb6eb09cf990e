// What the tests of JSONL files share: reading files back line by line (through JsonlReader,
// so zstd files too) and distinct lines to write.
//
// Thread-safety: free functions; test-thread only.
#ifndef TRIPLINE_TESTS_IO_JSONL_LINES_H_
#define TRIPLINE_TESTS_IO_JSONL_LINES_H_

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "io/files/jsonl_reader.h"

namespace tripline {

// Every line of `paths`, in order; a file that cannot be read fails the test.
inline std::vector<std::string> ReadLines(const std::vector<std::string>& paths) {
  std::vector<std::string> lines;
  for (const std::string& path : paths) {
    auto reader = JsonlReader::Open(path);
    EXPECT_TRUE(reader.ok()) << reader.status();
    if (!reader.ok()) continue;
    std::string_view line;
    while ((*reader)->NextLine(&line)) lines.emplace_back(line);
    EXPECT_TRUE((*reader)->status().ok()) << path << ": " << (*reader)->status();
  }
  return lines;
}

// {"n":i}
inline std::string NumberedLine(int i) { return "{\"n\":" + std::to_string(i) + "}"; }

}  // namespace tripline

#endif  // TRIPLINE_TESTS_IO_JSONL_LINES_H_
