#include "io/codec/signal_decoder.h"

#include "absl/strings/str_cat.h"

namespace tripline {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

absl::Status Bad(std::string_view field, std::string_view what) {
  std::string message = "field '";
  message.append(field).append("': ").append(what);
  return absl::InvalidArgumentError(message);
}

absl::Status GetString(object o, std::string_view field, bool required, std::string* out) {
  out->clear();
  std::string_view v;
  auto e = o[field];
  if (e.error() == simdjson::NO_SUCH_FIELD) {
    return required ? Bad(field, "missing") : absl::OkStatus();
  }
  if (e.get(v) != simdjson::SUCCESS) return Bad(field, "expected a string");
  out->assign(v);
  return absl::OkStatus();
}

absl::Status GetTime(object o, std::string_view field, EventTime* out) {
  std::string_view v;
  if (o[field].get(v) != simdjson::SUCCESS || !ParseRfc3339(v, out)) {
    return Bad(field, "expected an RFC 3339 time");
  }
  return absl::OkStatus();
}

absl::Status GetNumber(object o, std::string_view field, double* out) {
  if (o[field].get(*out) != simdjson::SUCCESS) return Bad(field, "expected a number");
  return absl::OkStatus();
}

}  // namespace

absl::Status SignalDecoder::Decode(std::string_view json, Signal* out) {
  *out = Signal();
  object o;
  if (auto error = parser_.parse(json.data(), json.size()).get(o)) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a JSON object: ", simdjson::error_message(error)));
  }
  absl::Status s;
  s.Update(GetString(o, "signal_id", true, &out->signal_id));
  s.Update(GetString(o, "rule", true, &out->rule));
  s.Update(GetString(o, "rule_hash", false, &out->rule_hash));
  s.Update(GetString(o, "rule_file", false, &out->rule_file));
  s.Update(GetString(o, "instrument", true, &out->instrument));
  s.Update(GetString(o, "severity", false, &out->severity));
  s.Update(GetString(o, "explanation", false, &out->explanation));
  s.Update(GetString(o, "retracts", false, &out->retracts));
  s.Update(GetNumber(o, "score", &out->score));
  s.Update(GetTime(o, "ts", &out->ts));
  if (!s.ok()) return s;
  std::string direction;
  s = GetString(o, "direction", true, &direction);
  if (!s.ok()) return s;
  if (!ParseDirection(direction, &out->direction)) {
    return Bad("direction", "expected long, short or watch");
  }
  uint64_t count = 1;
  if (o["count"].get(count) == simdjson::SUCCESS) out->count = static_cast<uint32_t>(count);

  simdjson::dom::array headlines;
  if (o["evidence"]["headlines"].get(headlines) == simdjson::SUCCESS) {
    for (element e : headlines) {
      object h;
      if (e.get(h) != simdjson::SUCCESS) return Bad("evidence.headlines", "expected objects");
      HeadlineEvidence& ev = out->headlines.emplace_back();
      s.Update(GetString(h, "id", false, &ev.id));
      s.Update(GetString(h, "source", false, &ev.source));
      s.Update(GetString(h, "text", false, &ev.text));
      if (h["ts"].error() != simdjson::NO_SUCH_FIELD) s.Update(GetTime(h, "ts", &ev.ts));
      simdjson::dom::array phrases;
      if (h["phrases"].get(phrases) == simdjson::SUCCESS) {
        for (element p : phrases) {
          std::string_view v;
          if (p.get(v) == simdjson::SUCCESS) ev.phrases.emplace_back(v);
        }
      }
    }
  }
  object price;
  if (o["evidence"]["price"].get(price) == simdjson::SUCCESS) {
    PriceEvidence& p = out->price.emplace();
    s.Update(GetString(price, "instrument", false, &p.instrument));
    s.Update(GetString(price, "window", false, &p.window));
    s.Update(GetNumber(price, "move", &p.move));
    if (price["abnormal_move"].error() == simdjson::SUCCESS) {
      p.abnormal = true;
      s.Update(GetString(price, "benchmark", true, &p.benchmark));
      s.Update(GetNumber(price, "benchmark_move", &p.benchmark_move));
      s.Update(GetNumber(price, "abnormal_move", &p.abnormal_move));
    }
    object from, to;
    if (price["from"].get(from) == simdjson::SUCCESS) {
      s.Update(GetTime(from, "ts", &p.from_ts));
      s.Update(GetNumber(from, "price", &p.from_price));
    }
    if (price["to"].get(to) == simdjson::SUCCESS) {
      s.Update(GetTime(to, "ts", &p.to_ts));
      s.Update(GetNumber(to, "price", &p.to_price));
    }
  }
  return s;
}

}  // namespace tripline
