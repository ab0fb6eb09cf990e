#include "tests/faults/sample_stream.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "bench/gen/day_generator.h"
#include "bench/gen/output_file.h"
#include "core/pipeline.h"
#include "io/codec/message_decoder.h"
#include "io/codec/signal_encoder.h"
#include "io/files/jsonl_reader.h"
#include "rules/rule_engine.h"
#include "rules/rule_loader.h"
#include "tests/kafka/replay_order.h"

namespace tripline::faults {
namespace {

const std::string kExample = std::string(TRIPLINE_SOURCE_DIR) + "/examples/h20-guidance/";

class EncodeSignals final : public SignalSink {
 public:
  void Emit(const Signal& s) override {
    std::string json;
    AppendSignalJson(s, &json);
    auto [it, inserted] = signals.emplace(s.signal_id, std::move(json));
    if (!inserted) ++duplicates;
  }
  SignalsById signals;
  int duplicates = 0;
};

}  // namespace

std::vector<InputRecord> InputsInReplayOrder(const std::vector<std::string_view>& headlines,
                                             const std::vector<std::string_view>& prices,
                                             const std::string& headlines_topic,
                                             const std::string& prices_topic) {
  std::vector<InputRecord> out;
  for (testing::ReplayLine& l : testing::InReplayOrder(headlines, prices)) {
    out.push_back({l.headline ? headlines_topic : prices_topic, std::move(l.key),
                   std::string(l.line), l.available / 1'000'000});
  }
  return out;
}

std::vector<InputRecord> GeneratedInputs(const std::string& headlines_topic,
                                         const std::string& prices_topic, uint64_t events) {
  gen::GenOptions o;
  o.seed = 11;
  o.events = events;
  o.instruments = 60;
  std::string headlines, prices;
  auto g = gen::DayGenerator::Create(o);
  EXPECT_TRUE(g.ok()) << g.status();
  if (!g.ok()) return {};
  auto h = gen::OutputFile::InMemory(&headlines);
  auto p = gen::OutputFile::InMemory(&prices);
  EXPECT_TRUE((*g)->Run(*h, *p).ok());
  EXPECT_TRUE(h->Close().ok());
  EXPECT_TRUE(p->Close().ok());

  std::vector<std::string_view> lines[2];
  for (int stream = 0; stream < 2; ++stream) {
    for (absl::string_view l :
         absl::StrSplit(stream == 0 ? headlines : prices, '\n', absl::SkipEmpty())) {
      lines[stream].emplace_back(l.data(), l.size());
    }
  }
  std::vector<InputRecord> records =
      InputsInReplayOrder(lines[0], lines[1], headlines_topic, prices_topic);
  EXPECT_EQ(records.size(), lines[0].size() + lines[1].size())
      << "the generator wrote lines that do not decode";
  const int64_t clock_ms = 1'780'000'000'000;
  for (size_t i = 0; i < records.size(); ++i) {
    records[i].timestamp_ms = clock_ms + static_cast<int64_t>(i / 500);
  }
  return records;
}

std::vector<InputRecord> SampleInputs(const std::string& headlines_topic,
                                      const std::string& prices_topic) {
  std::vector<std::string> files[2];
  for (int stream = 0; stream < 2; ++stream) {
    auto reader = JsonlReader::Open(kExample + (stream == 0 ? "headlines.jsonl" : "prices.jsonl"));
    if (!reader.ok()) return {};
    std::string_view line;
    while ((*reader)->NextLine(&line)) files[stream].emplace_back(line);
  }
  std::vector<std::string_view> views[2];
  for (int stream = 0; stream < 2; ++stream) {
    for (const std::string& l : files[stream]) views[stream].push_back(l);
  }
  return InputsInReplayOrder(views[0], views[1], headlines_topic, prices_topic);
}

absl::StatusOr<SignalsById> ReferenceSignals(const std::vector<InputRecord>& inputs,
                                             const std::string& headlines_topic,
                                             const std::string& prices_topic,
                                             const std::string& rules_path) {
  auto rules = LoadRules(rules_path);
  if (!rules.ok()) return rules.status();
  RuleEngine engine(*rules);
  EncodeSignals sink;
  Pipeline pipeline(&engine, &sink);
  MessageDecoder decoder;
  Event event;
  // The live loop's order: message timestamp, headlines first on ties, then input order.
  std::vector<const InputRecord*> order;
  for (const InputRecord& r : inputs) {
    if (r.topic == headlines_topic || r.topic == prices_topic) order.push_back(&r);
  }
  std::stable_sort(order.begin(), order.end(), [&](const InputRecord* a, const InputRecord* b) {
    if (a->timestamp_ms != b->timestamp_ms) return a->timestamp_ms < b->timestamp_ms;
    return a->topic == headlines_topic && b->topic != headlines_topic;
  });
  for (const InputRecord* r : order) {
    if (r->topic == headlines_topic) {
      event.kind = EventKind::kHeadline;
      if (!decoder.DecodeHeadline(r->value, &event.headline).ok()) continue;
    } else {
      event.kind = EventKind::kPrice;
      if (!decoder.DecodePrice(r->value, &event.price).ok()) continue;
    }
    pipeline.Process(event);
  }
  pipeline.Finish();
  if (sink.duplicates > 0) {
    return absl::InternalError(
        absl::StrCat("the reference run emitted ", sink.duplicates, " duplicate signal ids"));
  }
  return sink.signals;
}

}  // namespace tripline::faults
