// `tripline inspect FILE... [--json] [--errors N]`: decodes, validates and summarises recorded
// streams. Exit 0 when every file was read to its end (bad lines included: they are counted,
// not fatal); 1 when a file could not be read; 64 on bad flags (app/cli/flags.h).
#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "app/cli/commands.h"
#include "app/cli/flags.h"
#include "core/dead_letter_tally.h"
#include "io/codec/json_writer.h"
#include "io/files/recorded_input.h"

namespace tripline::cli {
namespace {

struct Summary {
  IngestCounts input;  // messages = decoded + dead letters, over every file
  uint64_t headlines = 0;
  uint64_t prices = 0;
  std::map<std::string, uint64_t> prices_by_kind;
  std::map<std::string, uint64_t> prices_by_symbol;
  std::map<std::string, uint64_t> headlines_by_source;
  EventTime first_ts = kNoTime;
  EventTime last_ts = kNoTime;
};

void PrintText(const Summary& s, const DeadLetterTally& tally,
               const std::vector<std::string>& unreadable) {
  std::printf("messages      %llu\n", static_cast<unsigned long long>(s.input.messages));
  std::printf("decoded       %llu (headlines %llu, prices %llu)\n",
              static_cast<unsigned long long>(s.input.decoded),
              static_cast<unsigned long long>(s.headlines),
              static_cast<unsigned long long>(s.prices));
  std::printf("dead letters  %llu\n", static_cast<unsigned long long>(s.input.dead_letters));
  if (s.first_ts != kNoTime) {
    std::printf("time range    %s .. %s\n", FormatRfc3339(s.first_ts).c_str(),
                FormatRfc3339(s.last_ts).c_str());
  }
  for (const auto& [kind, n] : s.prices_by_kind) {
    std::printf("  price kind %-10s %llu\n", kind.c_str(), static_cast<unsigned long long>(n));
  }
  for (const auto& [sym, n] : s.prices_by_symbol) {
    std::printf("  symbol %-14s %llu\n", sym.c_str(), static_cast<unsigned long long>(n));
  }
  for (const auto& [src, n] : s.headlines_by_source) {
    std::printf("  source %-14s %llu\n", src.c_str(), static_cast<unsigned long long>(n));
  }
  for (const auto& [code, n] : tally.by_code()) {
    std::printf("  error %-24s %llu\n", code.c_str(), static_cast<unsigned long long>(n));
  }
  for (const std::string& e : tally.first()) std::printf("  %s\n", e.c_str());
  for (const std::string& e : unreadable) std::printf("unreadable: %s\n", e.c_str());
}

void AppendCountMap(std::string* out, std::string_view key,
                    const std::map<std::string, uint64_t>& map) {
  AppendJsonString(key, out);
  out->append(":{");
  bool first = true;
  for (const auto& [k, n] : map) {
    if (!first) out->push_back(',');
    first = false;
    AppendJsonString(k, out);
    absl::StrAppend(out, ":", n);
  }
  out->push_back('}');
}

void PrintJson(const Summary& s, const DeadLetterTally& tally,
               const std::vector<std::string>& unreadable) {
  std::string out =
      absl::StrCat("{\"messages\":", s.input.messages, ",\"decoded\":", s.input.decoded,
                   ",\"dead_letters\":", s.input.dead_letters, ",\"headlines\":", s.headlines,
                   ",\"prices\":", s.prices, ",");
  AppendCountMap(&out, "errors_by_code", tally.by_code());
  out.push_back(',');
  AppendCountMap(&out, "prices_by_kind", s.prices_by_kind);
  out.push_back(',');
  AppendCountMap(&out, "prices_by_symbol", s.prices_by_symbol);
  out.push_back(',');
  AppendCountMap(&out, "headlines_by_source", s.headlines_by_source);
  out.append(",\"first_ts\":");
  if (s.first_ts == kNoTime) {
    out.append("null,\"last_ts\":null");
  } else {
    AppendJsonString(FormatRfc3339(s.first_ts), &out);
    out.append(",\"last_ts\":");
    AppendJsonString(FormatRfc3339(s.last_ts), &out);
  }
  out.append(",\"first_errors\":[");
  for (size_t i = 0; i < tally.first().size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendJsonString(tally.first()[i], &out);
  }
  out.append("],\"unreadable\":[");
  for (size_t i = 0; i < unreadable.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendJsonString(unreadable[i], &out);
  }
  out.append("]}\n");
  std::fputs(out.c_str(), stdout);
}

}  // namespace

int RunInspect(const Args& args) {
  CLI::App app("Decode, validate and summarise recorded streams (JSONL or .jsonl.zst).",
               "tripline inspect");
  ConfigureCommand(&app);
  std::vector<std::string> files;
  bool json = false;
  int keep = 5;
  app.add_option("FILE", files, "recorded streams")->required();
  app.add_flag("--json", json, "print the summary as one JSON object");
  app.add_option("--errors", keep, "how many first errors to show (default 5)")
      ->check(CLI::NonNegativeNumber);
  if (auto code = ParseCommandLine(&app, args)) return *code;
  DeadLetterTally tally(nullptr, static_cast<size_t>(keep));
  Summary s;
  std::vector<std::string> unreadable;
  for (const std::string& path : files) {
    auto input = RecordedInput::Open({{path, StreamKind::kAuto}}, &tally);
    if (!input.ok()) {
      unreadable.emplace_back(input.status().message());
      continue;
    }
    const absl::Status read_status = (*input)->Replay([&s](const Event& e) {
      const EventTime ts = e.ts();
      if (s.first_ts == kNoTime || ts < s.first_ts) s.first_ts = ts;
      if (s.last_ts == kNoTime || ts > s.last_ts) s.last_ts = ts;
      if (e.kind == EventKind::kHeadline) {
        ++s.headlines;
        ++s.headlines_by_source[std::string(e.headline.source)];
      } else {
        ++s.prices;
        ++s.prices_by_kind[std::string(PriceKindName(e.price.kind))];
        ++s.prices_by_symbol[std::string(e.price.sym)];
      }
    });
    const IngestCounts& c = (*input)->counts();
    s.input.messages += c.messages;
    s.input.decoded += c.decoded;
    s.input.dead_letters += c.dead_letters;
    if (!read_status.ok()) unreadable.emplace_back(read_status.message());
  }
  if (json) {
    PrintJson(s, tally, unreadable);
  } else {
    PrintText(s, tally, unreadable);
  }
  for (const std::string& e : unreadable) PrintCommandError("tripline inspect", e);
  return unreadable.empty() ? kExitOk : kExitFailure;
}

}  // namespace tripline::cli
