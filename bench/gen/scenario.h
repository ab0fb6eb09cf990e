// Scenario: scripted stories that the generator places inside its generated day, so a test or
// a benchmark knows exactly what must (or must not) fire. A story is one or more headlines
// (the same news across outlets, minutes apart) and optionally a price move of a chosen size
// in one instrument, some minutes after the first headline.
//
// File format (YAML; times of day are UTC within the generated day, durations as
// tripline::ParseDuration reads them):
//
//   stories:
//     - name: h20-guidance
//       at: "15:02"                 # HH:MM or HH:MM:SS
//       instrument: NVDA            # must be in the generated universe (a named company)
//       headlines:
//         - {after: 0s, source: Bloomberg, text: "Beijing urges local firms to avoid ..."}
//       move: {size: -0.039, after: 1m, over: 42m}   # optional; fraction, -0.039 = -3.9%;
//                                                    # after: -15m moves before the news
//
// Thread-safety: plain values; LoadScenario has no shared state.
#ifndef TRIPLINE_BENCH_GEN_SCENARIO_H_
#define TRIPLINE_BENCH_GEN_SCENARIO_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/event_time.h"

namespace tripline::gen {

struct ScriptedHeadline {
  EventTime after = 0;  // offset from the story's time
  std::string source;
  std::string text;
};

struct ScriptedMove {
  double size = 0;      // fraction of the price at the move's start
  EventTime after = 0;  // offset of the move's start from the story's time
  EventTime over = 0;   // how long the move takes to complete (linear in log-price)
};

struct Story {
  std::string name;
  EventTime at = 0;  // offset from the generated day's midnight (UTC)
  std::string instrument;
  std::vector<ScriptedHeadline> headlines;
  std::optional<ScriptedMove> move;
};

struct Scenario {
  std::vector<Story> stories;
};

// Reads a scenario file. InvalidArgument names the file and the offending story on error.
absl::StatusOr<Scenario> LoadScenario(const std::string& path);
absl::StatusOr<Scenario> ParseScenario(std::string_view yaml, std::string_view name);

}  // namespace tripline::gen

#endif  // TRIPLINE_BENCH_GEN_SCENARIO_H_
