// The benchmark generator: determinism (same seed, same bytes), the shape of the day it
// writes, the scripted seed story, and the vocabulary's promise that noise holds no phrase.
#include <zstd.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "bench/gen/bench_pack.h"
#include "bench/gen/day_generator.h"
#include "bench/gen/output_file.h"
#include "bench/gen/scenario.h"
#include "bench/gen/vocabulary.h"
#include "gtest/gtest.h"

namespace tripline::gen {
namespace {

struct Day {
  std::string headlines;
  std::string prices;
};

Day Generate(const GenOptions& o) {
  Day d;
  auto gen = DayGenerator::Create(o);
  EXPECT_TRUE(gen.ok()) << gen.status();
  if (!gen.ok()) return d;
  auto h = OutputFile::InMemory(&d.headlines);
  auto p = OutputFile::InMemory(&d.prices);
  EXPECT_TRUE((*gen)->Run(*h, *p).ok());
  EXPECT_TRUE(h->Close().ok());
  EXPECT_TRUE(p->Close().ok());
  return d;
}

GenOptions Small(uint64_t seed) {
  GenOptions o;
  o.seed = seed;
  o.events = 20000;
  o.instruments = 60;
  o.watched = 10;
  return o;
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out = absl::StrSplit(s, '\n', absl::SkipEmpty());
  return out;
}

// The integer after `"key":` in a JSONL line.
int64_t IntField(const std::string& line, const std::string& key) {
  const size_t at = line.find("\"" + key + "\":");
  if (at == std::string::npos) return -1;
  return std::stoll(line.substr(at + key.size() + 3));
}

std::string StrField(const std::string& line, const std::string& key) {
  const size_t at = line.find("\"" + key + "\":\"");
  if (at == std::string::npos) return "";
  const size_t from = at + key.size() + 4;
  return line.substr(from, line.find('"', from) - from);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST(GeneratorTest, SameSeedGivesSameBytes) {
  const Day a = Generate(Small(7));
  const Day b = Generate(Small(7));
  ASSERT_FALSE(a.headlines.empty());
  ASSERT_FALSE(a.prices.empty());
  EXPECT_EQ(a.headlines, b.headlines);
  EXPECT_EQ(a.prices, b.prices);
}

TEST(GeneratorTest, ZstdOutputDecompressesToTheSameBytes) {
  const GenOptions o = Small(4);
  const Day plain = Generate(o);
  const std::string dir = ::testing::TempDir();
  const std::string hpath = dir + "/gen_test_h.jsonl.zst", ppath = dir + "/gen_test_p.jsonl.zst";
  {
    auto gen = DayGenerator::Create(o);
    ASSERT_TRUE(gen.ok());
    auto h = OutputFile::Open(hpath);
    auto p = OutputFile::Open(ppath);
    ASSERT_TRUE(h.ok() && p.ok());
    ASSERT_TRUE((*gen)->Run(**h, **p).ok());
    ASSERT_TRUE((*h)->Close().ok());
    ASSERT_TRUE((*p)->Close().ok());
  }
  for (const auto& [path, expected] :
       {std::pair{hpath, &plain.headlines}, std::pair{ppath, &plain.prices}}) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string z = buf.str();
    ASSERT_LT(z.size(), expected->size() / 3) << "compressed";
    std::string out(expected->size() + 1, '\0');
    const size_t n = ZSTD_decompress(out.data(), out.size(), z.data(), z.size());
    ASSERT_FALSE(ZSTD_isError(n)) << ZSTD_getErrorName(n);
    out.resize(n);
    EXPECT_EQ(out, *expected);
  }
}

TEST(GeneratorTest, DifferentSeedGivesDifferentDay) {
  const Day a = Generate(Small(7));
  const Day b = Generate(Small(8));
  EXPECT_NE(a.headlines, b.headlines);
  EXPECT_NE(a.prices, b.prices);
}

TEST(GeneratorTest, WritesExactlyTheRequestedEventsInTimeOrder) {
  const GenOptions o = Small(3);
  const Day d = Generate(o);
  const auto h = Lines(d.headlines);
  const auto p = Lines(d.prices);
  EXPECT_EQ(h.size() + p.size(), o.events);
  EXPECT_EQ(h.size(), 2000u);  // 10% headlines
  for (const auto* lines : {&h, &p}) {
    int64_t last = 0;
    for (const std::string& line : *lines) {
      const int64_t ts = IntField(line, "ts");
      ASSERT_GE(ts, last) << line;
      EXPECT_EQ(ts % 1'000'000, 0) << "millisecond resolution: " << line;
      last = ts;
    }
  }
  // One previous close per instrument, before the session.
  size_t closes = 0;
  for (const std::string& line : p) closes += absl::StrContains(line, "\"kind\":\"close\"");
  EXPECT_EQ(closes, o.instruments);
}

TEST(GeneratorTest, IdsAreUniqueAndStoriesAreAMinority) {
  const Day d = Generate(Small(5));
  std::vector<std::string> ids;
  size_t story = 0;
  for (const std::string& line : Lines(d.headlines)) {
    ids.push_back(StrField(line, "id"));
    story += absl::StartsWith(ids.back(), "s-");
  }
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
  EXPECT_GT(story, 0u);
  EXPECT_LT(story * 20, ids.size());  // under 5%: most headlines are noise and near-misses
}

TEST(GeneratorTest, NoiseAndNearMissesHoldNoThemePhrase) {
  const Day d = Generate(Small(11));
  size_t checked = 0;
  for (const std::string& line : Lines(d.headlines)) {
    if (!absl::StartsWith(StrField(line, "id"), "n-")) continue;
    const std::string text = Lower(StrField(line, "headline"));
    for (const Theme& t : Themes()) {
      for (const std::string& phrase : t.phrases) {
        EXPECT_FALSE(absl::StrContains(text, phrase)) << phrase << " in: " << text;
      }
    }
    ++checked;
  }
  EXPECT_GT(checked, 1000u);
}

TEST(GeneratorTest, EveryStoryTemplateHoldsAPhraseOfItsTheme) {
  for (const Theme& t : Themes()) {
    for (const std::string& tmpl : t.templates) {
      bool found = false;
      for (const std::string& phrase : t.phrases) found |= absl::StrContains(Lower(tmpl), phrase);
      EXPECT_TRUE(found) << t.id << ": " << tmpl;
    }
  }
}

constexpr char kSeedStory[] = R"(
stories:
  - name: h20-guidance
    at: "15:02"
    instrument: NVDA
    headlines:
      - {after: 0s, source: Bloomberg, text: "Beijing urges local firms to avoid Nvidia H20 chips in informal guidance"}
      - {after: 2m, source: Reuters, text: "China urges companies to avoid Nvidia's H20 chips, sources say"}
    move: {size: -0.039, after: 1m, over: 42m}
)";

TEST(GeneratorTest, ScenarioStoryIsPlacedAsScripted) {
  auto sc = ParseScenario(kSeedStory, "seed.yaml");
  ASSERT_TRUE(sc.ok()) << sc.status();
  GenOptions o = Small(9);
  o.scenario = *sc;
  const Day d = Generate(o);
  const int64_t story_ts = 1754956800LL * 1'000'000'000 + (15 * 60 + 2) * 60'000'000'000LL;
  bool found = false;
  for (const std::string& line : Lines(d.headlines)) {
    // Random stories may use the same template; the scripted one is at its scripted time.
    if (absl::StrContains(line, "Beijing urges local firms to avoid Nvidia H20 chips") &&
        IntField(line, "ts") == story_ts) {
      found = true;
      EXPECT_TRUE(absl::StrContains(line, "\"tickers\":[\"NVDA\"]"));
      EXPECT_EQ(StrField(line, "source"), "Bloomberg");
    }
  }
  EXPECT_TRUE(found);
  // NVDA's highest price in the hour before the move against its lowest within the hour after:
  // the scripted -3.9% dominates the noise.
  double high = 0, low = 1e18;
  for (const std::string& line : Lines(d.prices)) {
    if (StrField(line, "sym") != "NVDA" || absl::StrContains(line, "close")) continue;
    const int64_t ts = IntField(line, "ts");
    const double price = std::stod(line.substr(line.find("\"price\":") + 8));
    if (ts >= story_ts - 3'600'000'000'000LL && ts <= story_ts) high = std::max(high, price);
    if (ts >= story_ts + 2'700'000'000'000LL && ts <= story_ts + 3'600'000'000'000LL) {
      low = std::min(low, price);
    }
  }
  ASSERT_GT(high, 0);
  EXPECT_LT(low / high - 1, -0.025);
  EXPECT_GT(low / high - 1, -0.06);
}

TEST(GeneratorTest, ScenarioErrorsNameTheStory) {
  auto bad = ParseScenario("stories:\n  - name: x\n    at: \"25:00\"\n    instrument: NVDA\n", "f");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(absl::StrContains(bad.status().message(), "story 'x'"));
  auto sc = ParseScenario(
      "stories:\n  - name: y\n    at: \"15:00\"\n    instrument: NOPE\n    move: {size: -0.05}\n",
      "f");
  ASSERT_TRUE(sc.ok());
  GenOptions o = Small(1);
  o.scenario = *sc;
  auto gen = DayGenerator::Create(o);
  ASSERT_FALSE(gen.ok());
  EXPECT_TRUE(absl::StrContains(gen.status().message(), "NOPE"));
}

TEST(GeneratorTest, BenchPackHasOneRulePerThemeAndCompany) {
  BenchPackOptions o;
  o.watched = 5;
  const auto rules = BenchRules(o);
  EXPECT_EQ(rules.size(), Themes().size() * 5);
  const std::string yaml = BenchPackYaml(o);
  const std::string tsv = BenchPackTsv(o);
  EXPECT_TRUE(absl::StrContains(yaml, "  - id: guidance-nvda\n"));
  EXPECT_TRUE(absl::StrContains(yaml, "headline: any(guidance) and mentions(nvda)"));
  EXPECT_TRUE(absl::StrContains(yaml, "price: move(NVDA, 60m) <= -0.03"));
  EXPECT_TRUE(absl::StrContains(tsv, "guidance-nvda\tNVDA\tle\t-0.03\t3600000\t"));
  EXPECT_EQ(Lines(tsv).size(), rules.size() + 1);
}

}  // namespace
}  // namespace tripline::gen
