// The fault tests' input and their reference output.
//
// Input: the sample day (examples/h20-guidance: 20 headlines, ~1,000 ticks of NVDA, AMD and
// 688256.SS) as Kafka records in replay order, each stamped with its availability time
// (recv_ts, else ts) as the message timestamp, which is what the live loop orders by and what
// the rebuild seeks by. Prices are keyed by symbol, headlines by id.
//
// Reference: what one undisturbed engine emits for that input, computed in process (the
// RuleEngine over the records in the same order, each signal encoded as the live output
// encodes it), so every fault test compares against it byte for byte.
//
// Thread-safety: free functions, test thread.
#ifndef TRIPLINE_TESTS_FAULTS_SAMPLE_STREAM_H_
#define TRIPLINE_TESTS_FAULTS_SAMPLE_STREAM_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "tests/faults/fault_harness.h"

namespace tripline::faults {

inline const std::string kSampleRules =
    std::string(TRIPLINE_SOURCE_DIR) + "/rules/packs/china-ai-chips";

// JSONL lines of a headline and a price stream as Kafka records in replay order (availability
// time, headlines first on ties), stamped with their availability times; headlines keyed by
// id, prices by symbol. Lines that do not decode are left out.
std::vector<InputRecord> InputsInReplayOrder(const std::vector<std::string_view>& headlines,
                                             const std::vector<std::string_view>& prices,
                                             const std::string& headlines_topic,
                                             const std::string& prices_topic);

// The benchmark generator's market day (`tripline_gen day --events N --instruments 60
// --seed 11`) as Kafka records in backtest order (availability time, headlines first on ties),
// headlines keyed by id and prices by symbol; message timestamps from a producer's clock that
// sends 500 messages per millisecond (far from the events' own times, as a fast replay's).
// Its rules: kBenchRules.
std::vector<InputRecord> GeneratedInputs(const std::string& headlines_topic,
                                         const std::string& prices_topic, uint64_t events);
inline const std::string kBenchRules = std::string(TRIPLINE_SOURCE_DIR) + "/bench/packs/bench-200";

std::vector<InputRecord> SampleInputs(const std::string& headlines_topic,
                                      const std::string& prices_topic);

// signal_id -> the signal's JSON exactly as the live output encodes it.
using SignalsById = std::map<std::string, std::string>;

// Replays `inputs` (in order; records of other topics are ignored) through a RuleEngine with
// `rules_path`. Malformed input is skipped, as the live loop dead-letters it.
absl::StatusOr<SignalsById> ReferenceSignals(const std::vector<InputRecord>& inputs,
                                             const std::string& headlines_topic,
                                             const std::string& prices_topic,
                                             const std::string& rules_path);

}  // namespace tripline::faults

#endif  // TRIPLINE_TESTS_FAULTS_SAMPLE_STREAM_H_
