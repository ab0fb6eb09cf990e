#include "io/files/jsonl_reader.h"

#include <gtest/gtest.h>
#include <zstd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace tripline {
namespace {

std::string TempPath(const std::string& name) { return ::testing::TempDir() + "/" + name; }

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string Zstd(const std::string& plain, int level = 3) {
  std::string out(ZSTD_compressBound(plain.size()), '\0');
  const size_t n = ZSTD_compress(out.data(), out.size(), plain.data(), plain.size(), level);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

std::vector<std::pair<uint64_t, std::string>> ReadAll(const std::string& path,
                                                      absl::Status* status = nullptr) {
  auto reader = JsonlReader::Open(path);
  EXPECT_TRUE(reader.ok()) << reader.status();
  std::vector<std::pair<uint64_t, std::string>> lines;
  std::string_view line;
  while ((*reader)->NextLine(&line)) lines.emplace_back((*reader)->line_number(), line);
  if (status != nullptr) *status = (*reader)->status();
  return lines;
}

TEST(JsonlReaderTest, SkipsBlankLinesButCountsThem) {
  const std::string path = TempPath("blank.jsonl");
  WriteFile(path, "{\"a\":1}\n\n  \r\n{\"b\":2}\r\n{\"c\":3}");
  const auto lines = ReadAll(path);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], (std::pair<uint64_t, std::string>{1, "{\"a\":1}"}));
  EXPECT_EQ(lines[1], (std::pair<uint64_t, std::string>{4, "{\"b\":2}"}));
  EXPECT_EQ(lines[2], (std::pair<uint64_t, std::string>{5, "{\"c\":3}"})) << "no final newline";
}

TEST(JsonlReaderTest, CountsBytesReadAgainstTheFileSizeForProgress) {
  const std::string plain = TempPath("progress.jsonl"), packed = TempPath("progress.jsonl.zst");
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "{\"i\":" + std::to_string(i) + "}\n";
  WriteFile(plain, text);
  WriteFile(packed, Zstd(text));
  for (const std::string& path : {plain, packed}) {
    auto reader = JsonlReader::Open(path);
    ASSERT_TRUE(reader.ok()) << reader.status();
    const uint64_t size = (*reader)->file_size();
    EXPECT_EQ(size, path == plain ? text.size() : Zstd(text).size()) << path;
    EXPECT_EQ((*reader)->bytes_read(), 0u);
    std::string_view line;
    ASSERT_TRUE((*reader)->NextLine(&line));
    EXPECT_GT((*reader)->bytes_read(), 0u);
    while ((*reader)->NextLine(&line)) EXPECT_LE((*reader)->bytes_read(), size);
    EXPECT_EQ((*reader)->bytes_read(), size) << path;
  }
}

TEST(JsonlReaderTest, LinesLongerThanOneReadBlock) {
  const std::string path = TempPath("long.jsonl");
  std::string big(700 * 1024, 'x');
  WriteFile(path, "short\n" + big + "\nafter\n");
  const auto lines = ReadAll(path);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1].second.size(), big.size());
  EXPECT_EQ(lines[2].second, "after");
}

TEST(JsonlReaderTest, ZstdMatchesPlainAcrossFrames) {
  std::string plain;
  for (int i = 0; i < 50000; ++i) plain += "{\"i\":" + std::to_string(i) + "}\n";
  const std::string plain_path = TempPath("many.jsonl");
  const std::string zst_path = TempPath("many.jsonl.zst");
  WriteFile(plain_path, plain);
  // Two concatenated frames are one valid zstd stream.
  const size_t half = plain.size() / 2;
  WriteFile(zst_path, Zstd(plain.substr(0, half)) + Zstd(plain.substr(half)));
  absl::Status status;
  const auto a = ReadAll(plain_path);
  const auto b = ReadAll(zst_path, &status);
  EXPECT_TRUE(status.ok()) << status;
  ASSERT_EQ(a.size(), 50000u);
  EXPECT_EQ(a, b);
}

TEST(JsonlReaderTest, CorruptAndTruncatedZstdAreErrorsNotCrashes) {
  std::string plain;
  for (int i = 0; i < 1000; ++i) plain += "{\"i\":" + std::to_string(i) + "}\n";
  const std::string z = Zstd(plain);
  const std::string truncated = TempPath("trunc.jsonl.zst");
  WriteFile(truncated, z.substr(0, z.size() / 2));
  absl::Status status;
  ReadAll(truncated, &status);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(status.message().find("trunc.jsonl.zst"), std::string_view::npos) << status;

  const std::string garbage = TempPath("garbage.jsonl.zst");
  WriteFile(garbage, "this is not zstd at all\n");
  ReadAll(garbage, &status);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
}

TEST(JsonlReaderTest, MissingFileNamesThePath) {
  auto reader = JsonlReader::Open(TempPath("does-not-exist.jsonl"));
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(reader.status().message().find("does-not-exist.jsonl"), std::string_view::npos);
}

}  // namespace
}  // namespace tripline
