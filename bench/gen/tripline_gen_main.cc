// tripline_gen: the benchmark data generator.
//
//   tripline_gen day --headlines H.jsonl[.zst] --prices P.jsonl[.zst] [--events 1000000]
//       [--instruments 500] [--watched 25] [--seed 1] [--headline-fraction 0.1]
//       [--scenario FILE] [--date 2025-08-12] [--stories stories.jsonl]
//   tripline_gen pack --out DIR [--watched 25] [--threshold 0.03]
//   tripline_gen produce --bootstrap HOST:PORT --headlines H.jsonl --prices P.jsonl
//       [--rate MSG_PER_S] [--limit N] [--headline-topic news.headlines]
//       [--price-topic market.prices] [--kafka PROP=VALUE]...
//
// `day` writes one deterministic trading day (day_generator.h): same flags, same bytes.
// `pack` writes the benchmark rule pack (bench_pack.h) as DIR/pack.yaml and DIR/rules.tsv.
// `produce` replays a day into Kafka at a target rate (day_producer.h).
// Exit 0 on success, 1 on an I/O error, 64 on bad flags.
#include <cstdio>
#include <map>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "bench/gen/bench_pack.h"
#include "bench/gen/day_generator.h"
#include "bench/gen/day_producer.h"
#include "bench/gen/output_file.h"
#include "bench/gen/scenario.h"

namespace {

constexpr int kExitUsage = 64;

constexpr char kUsage[] =
    "usage: tripline_gen day --headlines FILE --prices FILE [--events N] [--instruments N]\n"
    "                        [--watched N] [--seed N] [--headline-fraction F] [--scenario FILE]\n"
    "                        [--date YYYY-MM-DD] [--stories FILE]\n"
    "       tripline_gen pack --out DIR [--watched N] [--threshold F]\n"
    "       tripline_gen produce --bootstrap HOST:PORT --headlines FILE --prices FILE\n"
    "                            [--rate N] [--limit N] [--headline-topic T] [--price-topic T]\n"
    "                            [--kafka PROP=VALUE]...\n";

// --kafka PROP=VALUE may repeat: its values are joined with '\n'.
bool ParseFlags(int argc, char** argv, std::map<std::string, std::string>* flags) {
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--", 0) != 0 || i + 1 >= argc) return false;
    std::string& value = (*flags)[a.substr(2)];
    if (a == "--kafka" && !value.empty()) value += '\n';
    value += argv[++i];
  }
  return true;
}

template <typename T>
bool Number(const std::map<std::string, std::string>& f, const char* key, T* out) {
  auto it = f.find(key);
  if (it == f.end()) return true;
  if constexpr (std::is_floating_point_v<T>) {
    return absl::SimpleAtod(it->second, out);
  } else {
    return absl::SimpleAtoi(it->second, out);
  }
}

int Fail(const absl::Status& s) {
  std::fprintf(stderr, "tripline_gen: %s\n", std::string(s.message()).c_str());
  return 1;
}

int RunPack(const std::map<std::string, std::string>& f) {
  tripline::gen::BenchPackOptions o;
  if (!f.count("out") || !Number(f, "watched", &o.watched) ||
      !Number(f, "threshold", &o.threshold) || o.watched == 0 || o.threshold <= 0) {
    std::fputs(kUsage, stderr);
    return kExitUsage;
  }
  if (auto s = tripline::gen::WriteBenchPack(o, f.at("out")); !s.ok()) return Fail(s);
  std::fprintf(stderr, "pack: %zu rules -> %s/pack.yaml, %s/rules.tsv\n",
               tripline::gen::BenchRules(o).size(), f.at("out").c_str(), f.at("out").c_str());
  return 0;
}

int RunProduce(const std::map<std::string, std::string>& f) {
  tripline::gen::ProduceOptions o;
  if (!f.count("bootstrap") || !f.count("headlines") || !f.count("prices") ||
      !Number(f, "rate", &o.rate) || !Number(f, "limit", &o.limit) || o.rate < 0) {
    std::fputs(kUsage, stderr);
    return kExitUsage;
  }
  o.bootstrap = f.at("bootstrap");
  o.headlines_path = f.at("headlines");
  o.prices_path = f.at("prices");
  if (f.count("headline-topic")) o.headline_topic = f.at("headline-topic");
  if (f.count("price-topic")) o.price_topic = f.at("price-topic");
  if (f.count("kafka")) {
    for (absl::string_view kv : absl::StrSplit(f.at("kafka"), '\n')) {
      const size_t eq = kv.find('=');
      if (eq == absl::string_view::npos) {
        std::fputs(kUsage, stderr);
        return kExitUsage;
      }
      o.kafka.emplace_back(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
    }
  }
  tripline::gen::ProduceStats st;
  const absl::Status s = tripline::gen::ProduceDay(o, &st);
  const uint64_t n = st.headlines + st.prices;
  std::fprintf(stderr,
               "produce: %llu messages (%llu headlines, %llu prices), %llu failed, %.3f s, "
               "%.0f msg/s\n",
               static_cast<unsigned long long>(n), static_cast<unsigned long long>(st.headlines),
               static_cast<unsigned long long>(st.prices),
               static_cast<unsigned long long>(st.failed), st.seconds,
               st.seconds > 0 ? n / st.seconds : 0.0);
  if (!s.ok()) return Fail(s);
  return st.failed == 0 ? 0 : 1;
}

int RunDay(const std::map<std::string, std::string>& f) {
  tripline::gen::GenOptions o;
  for (const auto& [k, v] : f) {
    static const char* kKnown[] = {
        "headlines",         "prices",   "events", "instruments", "watched", "seed",
        "headline-fraction", "scenario", "date",   "stories"};
    bool known = false;
    for (const char* n : kKnown) known |= k == n;
    if (!known) {
      std::fprintf(stderr, "tripline_gen: unknown flag --%s\n%s", k.c_str(), kUsage);
      return kExitUsage;
    }
  }
  if (!f.count("headlines") || !f.count("prices") || !Number(f, "events", &o.events) ||
      !Number(f, "instruments", &o.instruments) || !Number(f, "watched", &o.watched) ||
      !Number(f, "seed", &o.seed) || !Number(f, "headline-fraction", &o.headline_fraction)) {
    std::fputs(kUsage, stderr);
    return kExitUsage;
  }
  if (f.count("date")) o.date = f.at("date");
  if (f.count("scenario")) {
    auto sc = tripline::gen::LoadScenario(f.at("scenario"));
    if (!sc.ok()) return Fail(sc.status());
    o.scenario = std::move(*sc);
  }
  auto gen = tripline::gen::DayGenerator::Create(o);
  if (!gen.ok()) {
    std::fprintf(stderr, "tripline_gen: %s\n", std::string(gen.status().message()).c_str());
    return kExitUsage;
  }
  auto h = tripline::gen::OutputFile::Open(f.at("headlines"));
  if (!h.ok()) return Fail(h.status());
  auto p = tripline::gen::OutputFile::Open(f.at("prices"));
  if (!p.ok()) return Fail(p.status());
  if (auto s = (*gen)->Run(**h, **p); !s.ok()) return Fail(s);
  for (auto* out : {h->get(), p->get()}) {
    if (auto s = out->Close(); !s.ok()) return Fail(s);
  }
  if (f.count("stories")) {
    auto m = tripline::gen::OutputFile::Open(f.at("stories"));
    if (!m.ok()) return Fail(m.status());
    (*gen)->WriteManifest(**m);
    if (auto s = (*m)->Close(); !s.ok()) return Fail(s);
  }
  const auto& st = (*gen)->stats();
  std::fprintf(stderr,
               "day: %llu events = %llu headlines (%llu in %zu stories, %llu near-misses) + "
               "%llu prices (%llu closes); %llu + %llu bytes\n",
               static_cast<unsigned long long>(st.headlines + st.prices),
               static_cast<unsigned long long>(st.headlines),
               static_cast<unsigned long long>(st.story_headlines), (*gen)->stories().size(),
               static_cast<unsigned long long>(st.near_miss_headlines),
               static_cast<unsigned long long>(st.prices),
               static_cast<unsigned long long>(st.closes),
               static_cast<unsigned long long>((*h)->bytes_written()),
               static_cast<unsigned long long>((*p)->bytes_written()));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> flags;
  if (argc < 2 || !ParseFlags(argc, argv, &flags)) {
    std::fputs(kUsage, stderr);
    return kExitUsage;
  }
  const std::string cmd = argv[1];
  if (cmd == "day") return RunDay(flags);
  if (cmd == "pack") return RunPack(flags);
  if (cmd == "produce") return RunProduce(flags);
  std::fputs(kUsage, stderr);
  return kExitUsage;
}
