// The Taiwan -> mainland word fold (rules/chinese_word_fold.h), whose table
// rules/make_chinese_word_fold.cc makes at build time from OpenCC's TWPhrasesRev, as the word
// stream applies it.
#include "rules/chinese_word_fold.h"

#include <gtest/gtest.h>

#include "tests/rules/built_stream.h"

namespace tripline {
namespace {

TEST(ChineseWordFold, TaiwanWordsBecomeMainlandWordsWithTheirRawOffsets) {
  EXPECT_GT(TaiwanWordCount(), 300u);  // OpenCC's TWPhrasesRev holds ~500
  EXPECT_EQ(testing::BuildStream("伺服器").words, testing::BuildStream("服务器").words);
  EXPECT_EQ(testing::BuildStream("人工智慧晶片").words, " 人 工 智 能 芯 片 ");
  // A shorter mainland word: 記憶體 (three characters) is 内存 (two); the last token reaches to
  // the end of the Taiwan word.
  const testing::BuiltStream memory = testing::BuildStream("美光記憶體");
  EXPECT_EQ(memory.words, " 美 光 内 存 ");
  ASSERT_EQ(memory.tokens.size(), 4u);
  EXPECT_EQ(memory.tokens[2].raw_from, 6u);
  EXPECT_EQ(memory.tokens[2].raw_to, 9u);
  EXPECT_EQ(memory.tokens[3].raw_from, 9u);
  EXPECT_EQ(memory.tokens[3].raw_to, 15u);
  // Mainland text and one-character Taiwan words stay as they are.
  EXPECT_EQ(testing::BuildStream("英伟达芯片").words, " 英 伟 达 芯 片 ");
  EXPECT_EQ(testing::BuildStream("商埠").words, " 商 埠 ");
}

}  // namespace
}  // namespace tripline
