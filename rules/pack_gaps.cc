#include "rules/pack_gaps.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "core/price_window.h"
#include "rules/phrase_scanner.h"
#include "rules/rule_checks.h"
#include "rules/word_stream.h"

namespace tripline {
namespace {

// Words too common in any headline to suggest.
const std::set<std::string>& StopWords() {
  static const std::set<std::string> words = {
      "the",       "and",    "for",     "with",  "from", "over", "after",  "amid",    "into",
      "its",       "their",  "this",    "that",  "has",  "have", "are",    "was",     "were",
      "will",      "says",   "said",    "say",   "new",  "more", "than",   "been",    "but",
      "not",       "all",    "out",     "about", "on",   "in",   "of",     "to",      "a",
      "an",        "as",     "at",      "by",    "is",   "it",   "be",     "or",      "its",
      "per",       "via",    "who",     "what",  "how",  "why",  "report", "sources", "source",
      "exclusive", "update", "breaking"};
  return words;
}

bool IsAsciiWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

// Lower-case tokens: ASCII words, and each CJK character.
std::vector<std::string> Tokens(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) out.push_back(word);
    word.clear();
  };
  for (size_t i = 0; i < text.size();) {
    if (ClassifyCjk(text, i) == CjkKind::kCharacter) {
      flush();
      out.emplace_back(text.substr(i, 3));
      i += 3;
      continue;
    }
    const char c = text[i];
    if (IsAsciiWordChar(c) || (c == '\'' && !word.empty())) {
      word.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
    } else {
      flush();
    }
    ++i;
  }
  flush();
  for (std::string& t : out) {
    if (t.size() > 2 && t.compare(t.size() - 2, 2, "'s") == 0) t.resize(t.size() - 2);
  }
  return out;
}

bool IsCjkToken(const std::string& t) {
  return t.size() == 3 && ClassifyCjk(t, 0) == CjkKind::kCharacter;
}

// What a candidate phrase is made of that the pack may already know: stems of ASCII words.
std::string StemOf(WordStemmer& stemmer, const std::string& word) {
  return std::string(stemmer.Stem(word));
}

}  // namespace

GapsReport FindGaps(std::shared_ptr<const CompiledRules> rules,
                    const std::vector<RecordedHeadline>& headlines,
                    const std::vector<RecordedTick>& ticks, const std::vector<Signal>& signals,
                    const GapsOptions& options) {
  GapsReport report;
  const CompiledRules& c = *rules;
  // Tracked instruments, their entity and benchmark.
  std::map<std::string, std::pair<uint32_t, std::string>> tracked;
  for (uint32_t e = 0; e < c.entities().size(); ++e) {
    for (const std::string& i : c.entities()[e].instruments) {
      tracked.emplace(i, std::make_pair(e, std::string(c.BenchmarkOf(i))));
    }
  }
  std::map<std::string, std::vector<const RecordedTick*>> series;
  for (const RecordedTick& t : ticks) series[t.sym].push_back(&t);

  const std::vector<EventTime> windows = {options.window};
  std::vector<MissedMove> episodes;  // every abnormal move; the covered ones are dropped below
  for (const auto& [sym, entity_bench] : tracked) {
    auto own = series.find(sym);
    if (own == series.end()) continue;
    const std::string& bench_sym = entity_bench.second;
    const std::vector<const RecordedTick*>* bench_ticks = nullptr;
    if (auto b = series.find(bench_sym); !bench_sym.empty() && b != series.end()) {
      bench_ticks = &b->second;
    }
    PriceWindow w(windows), bench(windows);
    size_t bi = 0;
    bool open = false;
    MissedMove current;
    for (const RecordedTick* t : own->second) {
      w.Update(t->ts, t->price, PriceKind::kTrade);
      while (bench_ticks != nullptr && bi < bench_ticks->size() &&
             (*bench_ticks)[bi]->ts <= t->ts) {
        bench.Update((*bench_ticks)[bi]->ts, (*bench_ticks)[bi]->price, PriceKind::kTrade);
        ++bi;
      }
      if (bench.has_last() && bench.last_ts() < t->ts) bench.AdvanceTo(t->ts);
      const PriceMove drop = w.Drop(0), rise = w.Rise(0);
      double best_abnormal = 0;
      PriceMove best;
      double best_bench = 0;
      for (const PriceMove& m : {drop, rise}) {
        if (!m.valid) continue;
        double b = 0;
        if (bench.has_last()) {
          const PriceMove bm = m.move < 0 ? bench.Drop(0) : bench.Rise(0);
          if (bm.valid) b = bm.move;
        }
        const double abnormal = m.move - b;
        if (std::fabs(abnormal) > std::fabs(best_abnormal)) {
          best_abnormal = abnormal;
          best = m;
          best_bench = b;
        }
      }
      const bool holds = std::fabs(best_abnormal) >= options.threshold;
      if (holds) {
        if (!open) {
          current = MissedMove{sym,          bench_sym,  bench.has_last(),
                               best.move,    best_bench, best_abnormal,
                               best.from_ts, t->ts,      {}};
          open = true;
        } else {
          current.to_ts = t->ts;
          if (std::fabs(best_abnormal) > std::fabs(current.abnormal_move)) {
            current.move = best.move;
            current.benchmark_move = best_bench;
            current.abnormal_move = best_abnormal;
          }
        }
      } else if (open) {
        episodes.push_back(current);
        open = false;
      }
    }
    if (open) episodes.push_back(current);
  }
  report.moves = episodes.size();

  PhraseScanner scanner(rules);
  for (MissedMove& miss : episodes) {
    const bool covered = std::any_of(signals.begin(), signals.end(), [&](const Signal& s) {
      return s.instrument == miss.instrument && s.ts + options.window >= miss.from_ts &&
             s.ts <= miss.to_ts + options.window;
    });
    if (covered) {
      ++report.covered;
      continue;
    }
    const std::string& sym = miss.instrument;
    const uint32_t entity = tracked[sym].first;
    for (const RecordedHeadline& h : headlines) {
      if (h.ts + options.window < miss.from_ts || h.ts > miss.to_ts) continue;
      scanner.Scan(h.text);
      if (!scanner.mentions(entity)) continue;
      GapHeadline gh{h, {}};
      for (const RuleVerdict& v : ExplainHeadline(rules, h.text, h.source, miss.abnormal_move)) {
        const Rule& r = c.rules()[c.RuleIndex(v.rule)];
        if (!std::binary_search(r.reach.begin(), r.reach.end(), sym)) continue;
        gh.reasons.push_back(
            v.matched ? v.rule +
                            ": matches with this move (its window, cooldown or novelty kept "
                            "it quiet)"
                      : v.rule + ": " + v.reason);
      }
      miss.headlines.push_back(std::move(gh));
    }
    report.missed.push_back(std::move(miss));
  }
  std::stable_sort(report.missed.begin(), report.missed.end(),
                   [](const MissedMove& a, const MissedMove& b) {
                     return std::fabs(a.abnormal_move) > std::fabs(b.abnormal_move);
                   });

  // Suggestions: words and pairs in the missed moves' headlines that no phrase of the pack has.
  WordStemmer stemmer;
  std::set<std::string> known;
  for (const Phrase& p : c.phrases()) {
    if (p.regex) continue;
    for (const std::string& t : Tokens(p.text)) {
      known.insert(IsCjkToken(t) ? t : StemOf(stemmer, t));
    }
  }
  std::map<std::string, int> counts;
  std::set<std::string> seen_headlines;
  for (const MissedMove& m : report.missed) {
    for (const GapHeadline& gh : m.headlines) {
      if (!seen_headlines.insert(gh.headline.id).second) continue;
      const std::vector<std::string> tokens = Tokens(gh.headline.text);
      std::set<std::string> in_this;
      auto fresh = [&](const std::string& t) {
        if (IsCjkToken(t)) return known.count(t) == 0;
        return t.size() >= 3 && StopWords().count(t) == 0 && known.count(StemOf(stemmer, t)) == 0 &&
               !std::all_of(t.begin(), t.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
      };
      for (size_t i = 0; i < tokens.size(); ++i) {
        const bool cjk = IsCjkToken(tokens[i]);
        if (!cjk && fresh(tokens[i])) in_this.insert(tokens[i]);
        if (i + 1 < tokens.size()) {
          const bool next_cjk = IsCjkToken(tokens[i + 1]);
          if (cjk && next_cjk) {
            // Chinese has no spaces: character pairs stand for words, and a pair with a
            // character the pack's phrases use is mostly a word boundary ("购英" of 采购英伟达).
            if (fresh(tokens[i]) && fresh(tokens[i + 1])) in_this.insert(tokens[i] + tokens[i + 1]);
          } else if (!cjk && !next_cjk && (fresh(tokens[i]) || fresh(tokens[i + 1])) &&
                     StopWords().count(tokens[i]) == 0 && StopWords().count(tokens[i + 1]) == 0) {
            in_this.insert(tokens[i] + " " + tokens[i + 1]);
          }
        }
      }
      for (const std::string& t : in_this) ++counts[t];
    }
  }
  for (const auto& [phrase, n] : counts) {
    if (n >= 2) report.suggestions.push_back(PhraseSuggestion{phrase, n});
  }
  std::stable_sort(report.suggestions.begin(), report.suggestions.end(),
                   [](const PhraseSuggestion& a, const PhraseSuggestion& b) {
                     return a.headlines > b.headlines;
                   });
  if (report.suggestions.size() > options.max_suggestions) {
    report.suggestions.resize(options.max_suggestions);
  }
  return report;
}

}  // namespace tripline
