// The loader's first stage (rules/rule_loader_reader.cc): files to plain items with their
// locations, no semantics yet.
#include "rules/rule_loader_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rules/load_context.h"
#include "tests/rules/loader_testing.h"

namespace tripline {
namespace {

using testing::kRule;

TEST(LoaderStages, ReaderYieldsPlainItemsWithLocations) {
  std::vector<SourceFile> files{{"p.yaml",
                                 std::string(kRule) +
                                     "  - override: r\n    replace: {enabled: no}\n"
                                     "sources: {Reuters: 0.9}\n",
                                 "",
                                 {},
                                 ""}};
  LoadContext ctx;
  ASSERT_TRUE(ParsePackFiles(&files, &ctx));
  const std::vector<PackItem> items = ReadItems(files, &ctx);
  EXPECT_FALSE(ctx.has_errors());
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].kind, ItemKind::kList);
  EXPECT_EQ(items[0].name, "words");
  EXPECT_EQ(LocationText(items[0].loc), "p.yaml:2:3");
  EXPECT_EQ(items[1].kind, ItemKind::kRule);
  EXPECT_EQ(items[1].name, "r");
  EXPECT_EQ(LocationText(items[1].loc), "p.yaml:4:9");
  EXPECT_EQ(items[2].kind, ItemKind::kOverride);
  EXPECT_EQ(LocationText(items[2].loc), "p.yaml:7:15");
  EXPECT_EQ(items[3].kind, ItemKind::kSource);
  EXPECT_EQ(items[3].name, "Reuters");  // no semantics: the weight is not read yet
}

}  // namespace
}  // namespace tripline
