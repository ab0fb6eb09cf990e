#include "core/symbol_filter.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace tripline {
namespace {

TEST(SymbolFilter, EveryAddedSymbolMayBeContained) {
  SymbolFilter f;
  for (const char* s : {"NVDA", "AMD", "0981.HK", "688256.SS", "SOXX", "", "X"}) f.Add(s);
  for (const char* s : {"NVDA", "AMD", "0981.HK", "688256.SS", "SOXX", "", "X"}) {
    EXPECT_TRUE(f.MayContain(s)) << s;
  }
}

TEST(SymbolFilter, RejectsSymbolsThatDifferInLengthOrEnds) {
  SymbolFilter f;
  f.Add("NVDA");
  EXPECT_FALSE(f.MayContain("NVD"));   // length
  EXPECT_FALSE(f.MayContain("MVDA"));  // first byte
  EXPECT_FALSE(f.MayContain("NVDB"));  // last byte
  EXPECT_TRUE(f.MayContain("NXXA"));   // same key: the map lookup decides
  EXPECT_FALSE(SymbolFilter().MayContain("NVDA"));
}

TEST(SymbolFilter, MostOfAThousandOtherSymbolsAreRejected) {
  SymbolFilter f;
  for (const char* s : {"NVDA", "AMD", "MU", "INTC", "QCOM", "688256.SS", "0981.HK", "SOXX"}) {
    f.Add(s);
  }
  int passed = 0;
  for (int i = 0; i < 1000; ++i) {
    char sym[8];
    snprintf(sym, sizeof sym, "S%04d", i);
    passed += f.MayContain(sym);
  }
  EXPECT_LT(passed, 50);
}

}  // namespace
}  // namespace tripline
