// What the loader's stages record as they read (rules/load_context.cc): located errors and
// warnings, sorted and listed one per line, and the scalar readers that record them.
#include "rules/load_context.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace tripline {
namespace {

using ::testing::HasSubstr;

// ErrorStatus lists the errors in their order; SortByLocation puts them in file, line, column
// order first.
TEST(LoadContextTest, ErrorsAreListedByLocationOnePerLine) {
  LoadContext ctx;
  EXPECT_FALSE(ctx.has_errors());
  ctx.Error({"b.yaml", 1, 1}, "unknown-key", "second file");
  ctx.Error({"a.yaml", 9, 3}, "bad-value", "later line");
  ctx.Error({"a.yaml", 2, 5}, "bad-value", "earlier line", "a number");
  ctx.Warn({"a.yaml", 1, 1}, "unused-list", "a warning");
  EXPECT_TRUE(ctx.has_errors());
  EXPECT_EQ(ctx.warnings().size(), 1u);
  ctx.SortByLocation();
  const std::string status(ctx.ErrorStatus().message());
  const size_t first = status.find("a.yaml:2:5: error[bad-value]: earlier line");
  const size_t second = status.find("a.yaml:9:3: error[bad-value]: later line");
  const size_t third = status.find("b.yaml:1:1: error[unknown-key]: second file");
  ASSERT_NE(first, std::string::npos) << status;
  ASSERT_NE(second, std::string::npos) << status;
  ASSERT_NE(third, std::string::npos) << status;
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
  EXPECT_THAT(status, HasSubstr("a number"));
  EXPECT_THAT(status, ::testing::Not(HasSubstr("a warning")));
  EXPECT_EQ(LocationText({"a.yaml", 2, 5}), "a.yaml:2:5");
}

TEST(LoadContextTest, ReadersAcceptTheirValuesAndLocateWhatTheyRefuse) {
  SourceFile f{"p.yaml", "", "", {}, ""};
  const YAML::Node doc = YAML::Load("window: 2h\nmove: -3%\non: yes\nwords: curb\nbad: soon\n");
  LoadContext ctx;
  EventTime window = 0;
  ASSERT_TRUE(ctx.Duration(f, doc["window"], "window", &window));
  EXPECT_EQ(window, 2 * 60 * kNanosPerMinute);
  double move = 0;
  ASSERT_TRUE(ctx.Number(f, doc["move"], "move", &move));
  EXPECT_DOUBLE_EQ(move, -0.03);
  bool on = false;
  ASSERT_TRUE(ctx.Bool(f, doc["on"], "on", &on));
  EXPECT_TRUE(on);
  std::vector<std::string> words;
  ASSERT_TRUE(ctx.StringList(f, doc["words"], "words", &words));
  EXPECT_EQ(words, std::vector<std::string>{"curb"}) << "a scalar is a list of one";
  EXPECT_FALSE(ctx.has_errors());
  EventTime bad = 0;
  EXPECT_FALSE(ctx.Duration(f, doc["bad"], "cooldown", &bad));
  ASSERT_EQ(ctx.errors().size(), 1u);
  EXPECT_EQ(ctx.errors()[0].location.file, "p.yaml");
  EXPECT_EQ(ctx.errors()[0].location.line, 5);
  EXPECT_THAT(ctx.errors()[0].ToString(), HasSubstr("soon"));
}

}  // namespace
}  // namespace tripline
