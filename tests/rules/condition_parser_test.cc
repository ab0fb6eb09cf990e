#include "rules/condition_parser.h"

#include <gtest/gtest.h>

#include "rules/condition_functions.h"

namespace tripline {
namespace {

// Whether `ast` calls the registered function `name`.
bool Calls(const CondAst& ast, std::string_view name) {
  return ast.kind == AstKind::kCall && ConditionFunctionAt(ast.function).name == name;
}

TEST(ConditionParser, PrecedenceNotAndOr) {
  ParseError e;
  auto ast = ParseCondition("not any(a) and b or \"c d\"", &e);
  ASSERT_NE(ast, nullptr) << e.message;
  ASSERT_EQ(ast->kind, AstKind::kOr);
  ASSERT_EQ(ast->children.size(), 2u);
  const CondAst& left = *ast->children[0];
  ASSERT_EQ(left.kind, AstKind::kAnd);
  EXPECT_EQ(left.children[0]->kind, AstKind::kNot);
  EXPECT_TRUE(Calls(*left.children[0]->children[0], "any"));
  EXPECT_EQ(left.children[1]->kind, AstKind::kMacro);
  EXPECT_TRUE(Calls(*ast->children[1], "phrase"));  // a bare STRING is phrase(STRING)
  EXPECT_EQ(ast->children[1]->args[0], "c d");
}

TEST(ConditionParser, AllCallForms) {
  ParseError e;
  auto ast = ParseCondition(
      "all(l) and phrase('x') and regex(\"H20\\\\s+chips?\") and mentions(any) and "
      "mentions(nvidia) and source(Bloomberg, \"Financial Times\") and (true or false)",
      &e);
  ASSERT_NE(ast, nullptr) << e.message;
  ASSERT_EQ(ast->children.size(), 7u);
  EXPECT_TRUE(Calls(*ast->children[0], "all"));
  EXPECT_TRUE(Calls(*ast->children[1], "phrase"));
  EXPECT_EQ(ast->children[2]->kind, AstKind::kRegex);
  EXPECT_EQ(ast->children[2]->args[0], "H20\\s+chips?");
  EXPECT_EQ(ast->children[3]->args[0], "any");
  EXPECT_EQ(ast->children[5]->args.size(), 2u);
  EXPECT_EQ(ast->children[5]->args[1], "Financial Times");
  EXPECT_EQ(ast->children[6]->kind, AstKind::kOr);
}

TEST(ConditionParser, ErrorsCarryOffsetAndExpectation) {
  ParseError e;
  EXPECT_EQ(ParseCondition("any(a) and", &e), nullptr);
  EXPECT_EQ(e.offset, 10u);
  EXPECT_EQ(e.message, "condition ends too early");
  EXPECT_EQ(ParseCondition("any(a) any(b)", &e), nullptr);
  EXPECT_EQ(e.offset, 7u);
  EXPECT_EQ(e.expected, "'and', 'or', ')' or the end");
  EXPECT_EQ(ParseCondition("exec(\"rm\")", &e), nullptr);
  EXPECT_EQ(e.message, "unknown function 'exec'");
  EXPECT_EQ(ParseCondition("phrase(\"unterminated)", &e), nullptr);
  EXPECT_EQ(e.message, "unterminated string");
  EXPECT_EQ(ParseCondition("move(NVDA, 60m) <= -3%", &e), nullptr);
  EXPECT_EQ(e.message, "move() is a price test");
}

TEST(ConditionParser, DepthIsCapped) {
  ParseError e;
  std::string deep(10000, '(');
  EXPECT_EQ(ParseCondition(deep + "true" + std::string(10000, ')'), &e), nullptr);
  EXPECT_EQ(e.message, "condition nested too deeply");
  std::string nots;
  for (int i = 0; i < 5000; ++i) nots += "not ";
  EXPECT_EQ(ParseCondition(nots + "true", &e), nullptr);
  std::string ok(20, '(');
  EXPECT_NE(ParseCondition(ok + "true" + std::string(20, ')'), &e), nullptr);
}

TEST(PriceCondition, Forms) {
  PriceCondition p;
  ParseError e;
  ASSERT_TRUE(ParsePriceCondition("move(NVDA, 60m) <= -3%", &p, &e)) << e.message;
  EXPECT_EQ(p.instrument, "NVDA");
  EXPECT_EQ(p.window, 60 * kNanosPerMinute);
  EXPECT_EQ(p.cmp, Cmp::kLe);
  EXPECT_DOUBLE_EQ(p.threshold, -0.03);
  ASSERT_TRUE(ParsePriceCondition("move(688256.SS, prev_close) > 0.05", &p, &e));
  EXPECT_EQ(p.instrument, "688256.SS");
  EXPECT_TRUE(p.prev_close);
  EXPECT_EQ(p.cmp, Cmp::kGt);
  ASSERT_TRUE(ParsePriceCondition("abs(move(mentioned, 1h)) >= 2%", &p, &e));
  EXPECT_TRUE(p.mentioned);
  EXPECT_TRUE(p.abs);
  EXPECT_FALSE(ParsePriceCondition("move(NVDA, 60m) == -3%", &p, &e));
  EXPECT_EQ(e.message, "missing comparison");
  EXPECT_FALSE(ParsePriceCondition("move(NVDA) <= -3%", &p, &e));
  EXPECT_EQ(e.message, "missing window");
}

TEST(Score, ArithmeticAndClamp) {
  ScoreExpr s;
  ParseError e;
  ASSERT_TRUE(
      ParseScore("0.35 + 6 * abs(move) + 0.2 * source_weight + 0.05 * confirmations", &s, &e))
      << e.message;
  ScoreInputs in;
  in.move = -0.039;
  in.source_weight = 1;
  in.confirmations = 2;
  EXPECT_NEAR(EvaluateScore(s, in), 0.35 + 0.234 + 0.2 + 0.1, 1e-9);
  in.confirmations = 20;
  EXPECT_DOUBLE_EQ(EvaluateScore(s, in), 1.0);  // clamped
  ASSERT_TRUE(ParseScore("min(1, 2) - max(3%, -(4 - 1)) / 0", &s, &e)) << e.message;
  EXPECT_DOUBLE_EQ(EvaluateScore(s, in), 1.0);  // x/0 is 0
  ASSERT_TRUE(ParseScore("-1", &s, &e));
  EXPECT_DOUBLE_EQ(EvaluateScore(s, in), 0.0);
  EXPECT_FALSE(ParseScore("0.5 +", &s, &e));
  EXPECT_FALSE(ParseScore("system(1)", &s, &e));
  EXPECT_EQ(e.message, "unknown variable 'system'");
}

}  // namespace
}  // namespace tripline
