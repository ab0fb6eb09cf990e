// Rule engine cost per headline with 10..10,000 generated rules, against a naive loop that
// tests each rule's phrases one by one; and cost per price tick, watched vs unwatched.
#include <benchmark/benchmark.h>
#include <hs.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/gen/day_generator.h"
#include "bench/gen/output_file.h"
#include "bench/gen/synthetic_pack.h"
#include "io/codec/message_decoder.h"
#include "rules/phrase_scanner.h"
#include "rules/rule_engine.h"
#include "rules/rule_loader.h"

namespace tripline {
namespace {

const std::vector<std::string> kHeadlines = {
    "Nvidia unveils new RTX workstation GPUs for AI developers",
    "Apple shares edge higher ahead of product event",
    "China's State Council outlines plan to boost consumer spending",
    "Honda launches H20 scooter in China amid price war",
    "Beijing urges local firms to avoid Nvidia H20 chips in informal guidance",
    "China denies issuing guidance against Nvidia chips",
    "US retail sales beat forecasts in July",
    "AMD CEO Lisa Su says AI demand remains strong",
};

class NullSink : public SignalSink {
 public:
  void Emit(const Signal&) override { ++n; }
  int n = 0;
};

Headline MakeHeadline(const std::string& text) {
  Headline h;
  h.id = "h";
  h.ts = 1;
  h.source = "Reuters";
  h.headline = text;
  return h;
}

void BM_EngineHeadline(benchmark::State& state) {
  auto rules =
      LoadRulesFromString(gen::SyntheticPackYaml(static_cast<int>(state.range(0))), "gen.yaml");
  if (!rules.ok()) {
    state.SkipWithError(std::string(rules.status().message()).c_str());
    return;
  }
  RuleEngine engine(*rules);
  NullSink sink;
  std::vector<Headline> hs;
  for (const auto& t : kHeadlines) hs.push_back(MakeHeadline(t));
  size_t i = 0;
  for (auto _ : state) {
    engine.OnHeadline(hs[i++ % hs.size()], sink);
  }
  state.counters["phrases"] = static_cast<double>((*rules)->phrases().size());
}
BENCHMARK(BM_EngineHeadline)->Arg(10)->Arg(100)->Arg(1000)->Arg(10000);

// The default pack (lexicons, role conditions, ~3,000 phrases) over the headlines of the
// generated day that the replay benchmark uses (noise, near misses and stories, in order):
// the engine's whole cost per headline, and its parts (the word stream; the scan with it).
struct DayHeadlines {
  std::string bytes;
  std::vector<std::string> texts;
  std::vector<Headline> headlines;
};

const DayHeadlines& GeneratedHeadlines() {
  static const DayHeadlines* day = [] {
    auto* d = new DayHeadlines;
    gen::GenOptions options;
    options.events = 200'000;
    options.instruments = 1000;
    std::string prices;
    auto generator = gen::DayGenerator::Create(options);
    auto h_out = gen::OutputFile::InMemory(&d->bytes);
    auto p_out = gen::OutputFile::InMemory(&prices);
    if (!generator.ok() || !(*generator)->Run(*h_out, *p_out).ok() || !h_out->Close().ok()) {
      return d;
    }
    MessageDecoder decoder;
    std::string_view rest = d->bytes;
    while (!rest.empty()) {
      const size_t eol = rest.find('\n');
      const std::string_view line = rest.substr(0, eol);
      rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
      Headline h;
      if (!line.empty() && decoder.DecodeHeadline(line, &h).ok()) {
        d->texts.emplace_back(h.headline);
      }
    }
    for (size_t i = 0; i < d->texts.size(); ++i) {
      Headline h = MakeHeadline(d->texts[i]);
      h.ts = 1'754'998'200'000'000'000LL + static_cast<int64_t>(i) * 1'000'000'000;
      d->headlines.push_back(h);
    }
    return d;
  }();
  return *day;
}

std::shared_ptr<const CompiledRules> DefaultPack(benchmark::State& state) {
  auto rules = LoadRules(std::string(TRIPLINE_SOURCE_DIR) + "/rules/packs/china-ai-chips");
  if (!rules.ok()) {
    state.SkipWithError(std::string(rules.status().message()).c_str());
    return nullptr;
  }
  if (GeneratedHeadlines().headlines.empty()) state.SkipWithError("no generated headlines");
  return *rules;
}

void BM_DefaultPackHeadline(benchmark::State& state) {
  auto rules = DefaultPack(state);
  if (rules == nullptr) return;
  std::vector<Headline> hs = GeneratedHeadlines().headlines;
  RuleEngine engine(rules);
  NullSink sink;
  size_t i = 0;
  for (auto _ : state) {
    Headline& h = hs[i % hs.size()];
    engine.OnHeadline(h, sink);
    h.ts += 86'400'000'000'000LL;  // the next round is a day later
    ++i;
  }
  state.counters["headlines"] = static_cast<double>(hs.size());
}
BENCHMARK(BM_DefaultPackHeadline);

void BM_DefaultPackScan(benchmark::State& state) {
  auto rules = DefaultPack(state);
  if (rules == nullptr) return;
  const auto& texts = GeneratedHeadlines().texts;
  PhraseScanner scanner(rules);
  size_t i = 0;
  for (auto _ : state) {
    scanner.Scan(texts[i++ % texts.size()]);
    benchmark::DoNotOptimize(scanner.matched_phrases().size());
  }
  double regex = 0, exact = 0, gap = 0;
  for (const Phrase& p : rules->phrases()) {
    regex += p.regex;
    exact += p.exact;
    gap += !p.gap_elements.empty();
  }
  state.counters["phrases"] = static_cast<double>(rules->phrases().size());
  state.counters["regex"] = regex;
  state.counters["exact"] = exact;
  state.counters["gap"] = gap;
}
BENCHMARK(BM_DefaultPackScan);

void BM_DefaultPackWordStream(benchmark::State& state) {
  auto rules = DefaultPack(state);
  if (rules == nullptr) return;
  const auto& texts = GeneratedHeadlines().texts;
  WordStemmer stemmer;
  std::string stream;
  std::vector<StreamToken> tokens;
  size_t i = 0;
  for (auto _ : state) {
    stream.clear();
    BuildWordStream(texts[i++ % texts.size()], stemmer, &stream, &tokens, &rules->stem_filter());
    benchmark::DoNotOptimize(stream.data());
  }
}
BENCHMARK(BM_DefaultPackWordStream);

// The word-stream database alone over prebuilt streams: what Hyperscan costs per headline, and
// how many matches it reports (each a callback).
void BM_DefaultPackStreamDatabase(benchmark::State& state) {
  auto rules = DefaultPack(state);
  if (rules == nullptr) return;
  const auto& texts = GeneratedHeadlines().texts;
  WordStemmer stemmer;
  std::vector<std::string> streams;
  std::vector<StreamToken> tokens;
  for (const std::string& t : texts) {
    std::string stream;
    BuildWordStream(t, stemmer, &stream, &tokens, &rules->stem_filter());
    streams.push_back(std::move(stream));
  }
  hs_scratch_t* scratch = nullptr;
  hs_alloc_scratch(rules->stream_database(), &scratch);
  size_t i = 0, matches = 0, bytes = 0;
  auto count = [](unsigned, unsigned long long, unsigned long long, unsigned, void* ctx) {
    ++*static_cast<size_t*>(ctx);
    return 0;
  };
  for (auto _ : state) {
    const std::string& s = streams[i++ % streams.size()];
    bytes += s.size();
    hs_scan(rules->stream_database(), s.data(), static_cast<unsigned>(s.size()), 0, scratch, count,
            &matches);
  }
  hs_free_scratch(scratch);
  state.counters["matches_per_headline"] = static_cast<double>(matches) / static_cast<double>(i);
  state.counters["bytes_per_headline"] = static_cast<double>(bytes) / static_cast<double>(i);
}
BENCHMARK(BM_DefaultPackStreamDatabase);

// The raw-text database alone (exact phrases): its scan costs as much as the stream's though
// it holds a few dozen caseless literals and rarely matches.
void BM_DefaultPackRawDatabase(benchmark::State& state) {
  auto rules = DefaultPack(state);
  if (rules == nullptr) return;
  const auto& texts = GeneratedHeadlines().texts;
  hs_scratch_t* scratch = nullptr;
  hs_alloc_scratch(rules->raw_database(), &scratch);
  size_t i = 0, matches = 0;
  auto count = [](unsigned, unsigned long long, unsigned long long, unsigned, void* ctx) {
    ++*static_cast<size_t*>(ctx);
    return 0;
  };
  for (auto _ : state) {
    const std::string& s = texts[i++ % texts.size()];
    hs_scan(rules->raw_database(), s.data(), static_cast<unsigned>(s.size()), 0, scratch, count,
            &matches);
  }
  hs_free_scratch(scratch);
  state.counters["matches_per_headline"] = static_cast<double>(matches) / static_cast<double>(i);
}
BENCHMARK(BM_DefaultPackRawDatabase);

// The naive alternative: for every rule, lower-case find of each of its phrases.
void BM_NaiveHeadline(benchmark::State& state) {
  auto rules =
      LoadRulesFromString(gen::SyntheticPackYaml(static_cast<int>(state.range(0))), "gen.yaml");
  if (!rules.ok()) return;
  std::vector<std::vector<std::string>> per_rule;
  for (const Rule& r : (*rules)->rules()) {
    std::vector<std::string> ps;
    for (uint32_t p : r.phrases) {
      std::string s = (*rules)->phrases()[p].text;
      for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      ps.push_back(s);
    }
    per_rule.push_back(std::move(ps));
  }
  size_t i = 0, hits = 0;
  std::string lower;
  for (auto _ : state) {
    lower = kHeadlines[i++ % kHeadlines.size()];
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& ps : per_rule) {
      for (const auto& p : ps) hits += lower.find(p) != std::string::npos;
    }
  }
  benchmark::DoNotOptimize(hits);
}
BENCHMARK(BM_NaiveHeadline)->Arg(10)->Arg(100)->Arg(1000)->Arg(10000);

void BM_PriceTick(benchmark::State& state) {
  auto rules = LoadRulesFromString(gen::SyntheticPackYaml(100), "gen.yaml");
  if (!rules.ok()) return;
  RuleEngine engine(*rules);
  NullSink sink;
  PriceTick t;
  t.sym = state.range(0) ? "NVDA" : "XYZ";
  int64_t ts = 0;
  for (auto _ : state) {
    t.ts = ++ts * 1'000'000'000;
    t.price = 100.0 + (ts % 7);
    engine.OnPrice(t, sink);
  }
}
BENCHMARK(BM_PriceTick)->ArgName("watched")->Arg(0)->Arg(1);

// Novelty with many live stories: a rule that fires on every headline, novelty folding only
// identical stories within a 12 h window, and `range(0)` distinct stories already in the window
// (headlines sharing most of their words, as a flood of one theme does). The time is per new
// headline; it must not grow with the stories in the window (rules/story_index.h).
void BM_NoveltyStoriesInWindow(benchmark::State& state) {
  const int64_t stories = state.range(0);
  auto rules = LoadRulesFromString(
      "lists:\n  words: [tripbench]\nrules:\n  - id: every\n    headline: any(words)\n"
      "    cooldown: 0\n    novelty: {window: 12h, similarity: 1.0}\n    score: 0.5\n"
      "    emit: {instrument: NVDA, direction: watch}\n",
      "bench.yaml");
  if (!rules.ok()) {
    state.SkipWithError(std::string(rules.status().message()).c_str());
    return;
  }
  RuleEngine engine(*rules);
  NullSink sink;
  std::string text;
  std::string id;
  int64_t i = 0;
  auto feed = [&] {
    text = absl::StrCat("Tripbench story code", 1000000 + i, " about chips and policy in market ",
                        100 + i % 97);
    id = absl::StrCat("n", i);
    Headline h = MakeHeadline(text);
    h.id = id;
    h.ts = 1'700'000'000'000'000'000LL + i;  // all inside one second
    engine.OnHeadline(h, sink);
    ++i;
  };
  while (i < stories) feed();
  for (auto _ : state) feed();
  state.counters["stories"] = static_cast<double>(stories);
  if (sink.n < i) state.SkipWithError("a headline did not fire");
}
BENCHMARK(BM_NoveltyStoriesInWindow)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Arg(1000000)
    ->Iterations(20000);

}  // namespace
}  // namespace tripline

BENCHMARK_MAIN();
