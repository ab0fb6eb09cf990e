// DayGenerator: writes one deterministic trading day of recorded streams: previous closes and
// intraday price ticks for a universe of instruments, and headlines, as the JSONL messages
// `tripline backtest` reads (integer-nanosecond `ts`, millisecond resolution).
//
// The day, 13:30-20:00 UTC (the US session), with headlines from 11:30:
// - Prices: one geometric random walk per instrument with U-shaped intraday volatility and
//   tick intensity (busy open and close), Zipf-distributed activity across instruments, and
//   jumps: a story's move, ramped over minutes, with a burst of ticks while it lasts; plus
//   some jumps that no news explains.
// - Stories: a policy headline about one company (theme phrase + name) reported by 1-4
//   outlets minutes apart (near-duplicates), followed (or, sometimes, preceded: a leak) by a
//   move in that company's price: most large enough for the benchmark pack's threshold, some
//   too small, some none at all. Most stories name a company the pack watches.
// - The rest of the headlines are noise and near-misses (vocabulary.h), so rule selectivity
//   is realistic. Scenario stories (scenario.h) are placed exactly as scripted.
//
// The same options give the same bytes (Rng; no clock, no unordered iteration).
// Thread-safety: none; one generator per thread.
#ifndef TRIPLINE_BENCH_GEN_DAY_GENERATOR_H_
#define TRIPLINE_BENCH_GEN_DAY_GENERATOR_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "bench/gen/output_file.h"
#include "bench/gen/scenario.h"
#include "bench/gen/vocabulary.h"
#include "core/event_time.h"

namespace tripline::gen {

struct GenOptions {
  uint64_t seed = 1;
  uint64_t events = 1'000'000;     // headlines + price messages (closes included)
  double headline_fraction = 0.1;  // of `events`
  size_t instruments = 500;
  // Companies 0..watched-1 are the ones the benchmark pack has rules for; most stories name
  // one of them.
  size_t watched = 25;
  // Upper bound on the share of headlines that belong to a (random) story.
  double story_share = 0.02;
  double near_miss_share = 0.15;  // of the other headlines
  std::string date = "2025-08-12";
  Scenario scenario;
};

// One scheduled story, for the manifest (what should fire) and for tests.
struct StoryRecord {
  std::string name;
  EventTime ts = 0;  // first headline
  std::string instrument;
  std::string theme;  // "" for scenario stories
  uint32_t headlines = 0;
  double move = 0;  // 0: no move
  EventTime move_start = 0;
  EventTime move_end = 0;
};

struct GenStats {
  uint64_t headlines = 0;
  uint64_t story_headlines = 0;
  uint64_t near_miss_headlines = 0;
  uint64_t prices = 0;  // closes included
  uint64_t closes = 0;
  uint64_t unexplained_jumps = 0;
};

class DayGenerator {
 public:
  // InvalidArgument when the options cannot make a day (a scenario instrument outside the
  // universe, fewer events than closes and scripted headlines, a bad date).
  static absl::StatusOr<std::unique_ptr<DayGenerator>> Create(const GenOptions& options);
  DayGenerator(const DayGenerator&) = delete;
  DayGenerator& operator=(const DayGenerator&) = delete;
  ~DayGenerator();

  // Writes the whole day; call once. Both outputs are closed by the caller.
  absl::Status Run(OutputFile& headlines, OutputFile& prices);
  // The scheduled stories (available after Create), in time order, as JSONL.
  void WriteManifest(OutputFile& out) const;

  const std::vector<StoryRecord>& stories() const { return stories_; }
  const GenStats& stats() const { return stats_; }
  EventTime session_open() const { return open_; }
  EventTime session_close() const { return close_; }

 private:
  struct Instrument;
  struct PendingHeadline;
  explicit DayGenerator(const GenOptions& options);
  absl::Status Plan();
  void WritePrices(OutputFile& out);
  void WriteHeadlines(OutputFile& out);

  GenOptions options_;
  EventTime day_ = 0;
  EventTime open_ = 0;
  EventTime close_ = 0;
  uint64_t price_ticks_ = 0;  // intraday ticks, closes excluded
  uint64_t noise_headlines_ = 0;
  std::vector<Instrument> instruments_;
  std::vector<PendingHeadline> story_headlines_;
  std::vector<StoryRecord> stories_;
  GenStats stats_;
};

}  // namespace tripline::gen

#endif  // TRIPLINE_BENCH_GEN_DAY_GENERATOR_H_
