// The traditional -> simplified character fold (rules/chinese_script_fold.h), whose table
// rules/make_chinese_script_fold.cc makes at build time from OpenCC's dictionaries.
#include "rules/chinese_script_fold.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace tripline {
namespace {

TEST(ChineseScriptFold, TraditionalCharactersFoldToSimplifiedAndSimplifiedOnesStay) {
  EXPECT_EQ(SimplifiedCharacter(0x5049), 0x4F1Fu);  // 偉 -> 伟
  EXPECT_EQ(SimplifiedCharacter(0x9054), 0x8FBEu);  // 達 -> 达
  EXPECT_EQ(SimplifiedCharacter(0x88E1), 0x91CCu);  // 裡, a Taiwan variant, -> 里
  EXPECT_EQ(SimplifiedCharacter(0x4F1F), 0x4F1Fu);  // 伟 stays
  EXPECT_EQ(SimplifiedCharacter(0x624D), 0x624Du);  // 才 stays (HK's variant table says 纔)
  EXPECT_EQ(SimplifiedCharacter(0x4E48), 0x4E48u);  // 么 stays (TW's says 幺)
  EXPECT_EQ(SimplifiedCharacter('A'), static_cast<uint32_t>('A'));
  EXPECT_GT(FoldedCharacterCount(), 2000u);  // OpenCC's TSCharacters holds ~4,000
}

TEST(ChineseScriptFold, FoldingTwiceIsFoldingOnce) {
  for (uint32_t cp = 0; cp <= 0xFFFF; ++cp) {
    const uint32_t once = SimplifiedCharacter(cp);
    ASSERT_EQ(SimplifiedCharacter(once), once) << cp;
  }
}

}  // namespace
}  // namespace tripline
