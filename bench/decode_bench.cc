// Decoding cost: Tripline's validated decoders side by side with simdjson's bare On-Demand
// iteration over the same bytes (the practical limit: copy into a padded buffer, iterate, read
// the same fields, validate nothing). Messages are the sample day's lines, cycled.
//
//   build/release/bench/decode_bench --benchmark_repetitions=5
//   --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "io/codec/message_decoder.h"
#include "io/codec/signal_encoder.h"

namespace {

namespace od = simdjson::ondemand;

std::vector<std::string> Lines(const char* file) {
  std::ifstream in(std::string(TRIPLINE_SOURCE_DIR) + "/examples/h20-guidance/" + file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

const std::vector<std::string>& Headlines() {
  static const std::vector<std::string> lines = Lines("headlines.jsonl");
  return lines;
}
const std::vector<std::string>& Prices() {
  static const std::vector<std::string> lines = Lines("prices.jsonl");
  return lines;
}

size_t TotalBytes(const std::vector<std::string>& lines) {
  size_t n = 0;
  for (const auto& l : lines) n += l.size();
  return n;
}

// The bare pass: one parser and one padded buffer, fields read in document order without
// type, range or UTF-8 checks beyond what simdjson does anyway.
class BareIterator {
 public:
  BareIterator() : buf_(tripline::kMaxMessageBytes + simdjson::SIMDJSON_PADDING, '\0') {
    if (parser_.allocate(tripline::kMaxMessageBytes) != simdjson::SUCCESS) std::abort();
  }
  template <typename Fn>
  bool Iterate(const std::string& line, Fn&& on_field) {
    std::memcpy(buf_.data(), line.data(), line.size());
    od::document doc;
    if (parser_.iterate(buf_.data(), line.size(), buf_.size()).get(doc)) return false;
    od::object obj;
    if (doc.get_object().get(obj)) return false;
    for (auto field_result : obj) {
      od::field field;
      std::string_view key;
      if (std::move(field_result).get(field) || field.unescaped_key().get(key)) return false;
      on_field(key, field.value());
    }
    return true;
  }

 private:
  od::parser parser_;
  std::string buf_;
};

void BM_DecodeHeadline(benchmark::State& state) {
  tripline::MessageDecoder decoder;
  tripline::Headline h;
  const auto& lines = Headlines();
  size_t i = 0;
  for (auto _ : state) {
    auto err = decoder.DecodeHeadline(lines[i], &h);
    benchmark::DoNotOptimize(err);
    benchmark::DoNotOptimize(h.headline.data());
    if (++i == lines.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * (TotalBytes(lines) / lines.size()));
}
BENCHMARK(BM_DecodeHeadline);

void BM_BareHeadline(benchmark::State& state) {
  BareIterator bare;
  const auto& lines = Headlines();
  size_t i = 0;
  for (auto _ : state) {
    std::string_view s;
    size_t touched = 0;
    bare.Iterate(lines[i], [&](std::string_view key, od::value v) {
      if (key == "id" || key == "source" || key == "headline" || key == "ts" || key == "recv_ts" ||
          key == "lang") {
        if (!v.get_string().get(s)) touched += s.size();
      } else if (key == "tickers") {
        od::array a;
        if (!v.get_array().get(a)) {
          for (auto t : a) {
            if (!t.get_string().get(s)) touched += s.size();
          }
        }
      }
    });
    benchmark::DoNotOptimize(touched);
    if (++i == lines.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * (TotalBytes(lines) / lines.size()));
}
BENCHMARK(BM_BareHeadline);

void BM_DecodePrice(benchmark::State& state) {
  tripline::MessageDecoder decoder;
  tripline::PriceTick p;
  const auto& lines = Prices();
  size_t i = 0;
  for (auto _ : state) {
    auto err = decoder.DecodePrice(lines[i], &p);
    benchmark::DoNotOptimize(err);
    benchmark::DoNotOptimize(p.price);
    if (++i == lines.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * (TotalBytes(lines) / lines.size()));
}
BENCHMARK(BM_DecodePrice);

void BM_BarePrice(benchmark::State& state) {
  BareIterator bare;
  const auto& lines = Prices();
  size_t i = 0;
  for (auto _ : state) {
    std::string_view s;
    double d = 0, sum = 0;
    bare.Iterate(lines[i], [&](std::string_view key, od::value v) {
      if (key == "sym" || key == "ts" || key == "kind") {
        if (!v.get_string().get(s)) sum += s.size();
      } else if (key == "price" || key == "size") {
        if (!v.get_double().get(d)) sum += d;
      }
    });
    benchmark::DoNotOptimize(sum);
    if (++i == lines.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * (TotalBytes(lines) / lines.size()));
}
BENCHMARK(BM_BarePrice);

// Encoding one signal as the engine emits it: two headlines of evidence and a price move.
void BM_EncodeSignal(benchmark::State& state) {
  tripline::Signal s;
  s.signal_id = "84197e38741827796d2baee64c9b5b3a";
  s.rule = "cn_guidance_against_us_ai_chips";
  s.rule_hash = "3b58b01a973bdf5841313d78783b262a";
  s.rule_file = "rules/packs/china-ai-chips/rules.yaml";
  s.instrument = "NVDA";
  s.direction = tripline::Direction::kShort;
  s.score = 0.7812;
  s.severity = "high";
  s.ts = 1755012960000000000;
  s.count = 2;
  s.headlines.push_back({"s-001",
                         "Bloomberg",
                         "Beijing urges local firms to avoid Nvidia H20 chips in informal guidance",
                         1755010962000000000,
                         {"Beijing", "urges", "Nvidia", "H20", "informal guidance"}});
  s.headlines.push_back({"s-002",
                         "Reuters",
                         "China urges companies to avoid Nvidia's H20 chips, sources say",
                         1755011089000000000,
                         {"China urges", "Nvidia", "H20"}});
  s.price = tripline::PriceEvidence{"NVDA",
                                    "60m",
                                    1755010980000000000,
                                    183.15,
                                    1755012960000000000,
                                    177.53,
                                    -0.030685230685230658};
  s.explanation = "cn_guidance_against_us_ai_chips: Bloomberg matched; NVDA -3.07% within 60m";
  std::string out;
  for (auto _ : state) {
    out.clear();
    tripline::AppendSignalJson(s, &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * out.size());
}
BENCHMARK(BM_EncodeSignal);

}  // namespace

BENCHMARK_MAIN();
