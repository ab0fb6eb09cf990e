// ASCII word runs (rules/ascii_word_runs.h): the block-at-a-time run end and lower-casing copy
// agree with the byte-at-a-time definitions on random texts mixing word bytes, spaces,
// punctuation, UTF-8 and runs longer than a block, from every start and at every length.
#include "rules/ascii_word_runs.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace tripline {
namespace {

size_t ReferenceRunEnd(std::string_view text, size_t from) {
  size_t j = from;
  while (j < text.size() && IsAsciiWordByte(static_cast<unsigned char>(text[j]))) ++j;
  return j;
}

std::string RandomText(std::mt19937& rng, size_t length) {
  static const std::string kPieces[] = {"a",
                                        "Z",
                                        "q",
                                        "0",
                                        "9",
                                        "_",
                                        " ",
                                        "\t",
                                        "-",
                                        "'",
                                        ".",
                                        ",",
                                        "@",
                                        "[",
                                        "`",
                                        "{",
                                        "/",
                                        ":",
                                        "\x7f",
                                        "\xe8\x8b\xb1",
                                        "\xe2\x80\x99",
                                        "NVDA",
                                        "h20",
                                        "Beijing",
                                        "abcdefghijklmnopqrstuvwx"};
  std::uniform_int_distribution<size_t> pick(0, std::size(kPieces) - 1);
  std::string s;
  while (s.size() < length) s += kPieces[pick(rng)];
  s.resize(length);
  return s;
}

TEST(AsciiWordRunsTest, RunEndMatchesTheByteLoopFromEveryStart) {
  std::mt19937 rng(20261203);
  for (int round = 0; round < 400; ++round) {
    const std::string text = RandomText(rng, rng() % 90);
    for (size_t from = 0; from <= text.size(); ++from) {
      ASSERT_EQ(AsciiWordRunEnd(text, from), ReferenceRunEnd(text, from))
          << "text \"" << text << "\" from " << from;
    }
  }
}

TEST(AsciiWordRunsTest, EveryByteClassIsTold) {
  // All 256 byte values as the one byte after a 20-byte run (inside a 16-byte block and at a
  // text's end).
  for (int b = 0; b < 256; ++b) {
    std::string text(20, 'k');
    text.push_back(static_cast<char>(b));
    text += std::string(20, ' ');
    const size_t expected = IsAsciiWordByte(static_cast<unsigned char>(b)) ? 21 : 20;
    EXPECT_EQ(AsciiWordRunEnd(text, 0), expected) << "byte " << b;
    EXPECT_EQ(AsciiWordRunEnd(text.substr(0, 21), 0), expected) << "byte " << b << " at the end";
  }
}

TEST(AsciiWordRunsTest, CopyLowersOnlyAsciiCapitalsAndStaysInItsRoom) {
  std::mt19937 rng(7);
  for (int round = 0; round < 400; ++round) {
    const std::string text = RandomText(rng, 1 + rng() % 80);
    const size_t from = rng() % text.size();
    const size_t count = rng() % (text.size() - from + 1);
    const size_t room = count + rng() % 20;
    std::string out(room + 8, '#');  // the 8 bytes past the room must stay untouched
    CopyAsciiLower(text, from, count, out.data(), room);
    for (size_t k = 0; k < count; ++k) {
      const unsigned char c = static_cast<unsigned char>(text[from + k]);
      const char lower = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      ASSERT_EQ(out[k], lower) << "text \"" << text << "\" byte " << from + k;
    }
    EXPECT_EQ(out.substr(room), std::string(8, '#')) << "wrote past its room";
  }
}

}  // namespace
}  // namespace tripline
