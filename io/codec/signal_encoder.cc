#include "io/codec/signal_encoder.h"

#include <cmath>

#include "io/codec/json_writer.h"

namespace tripline {
namespace {

void AppendHeadlineEvidence(const HeadlineEvidence& h, std::string* out) {
  out->append("{\"id\":");
  AppendJsonString(h.id, out);
  out->append(",\"source\":");
  AppendJsonString(h.source, out);
  out->append(",\"text\":");
  AppendJsonString(h.text, out);
  out->append(",\"ts\":");
  AppendJsonTime(h.ts, out);
  out->append(",\"phrases\":[");
  for (size_t i = 0; i < h.phrases.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendJsonString(h.phrases[i], out);
  }
  out->append("]}");
}

void AppendPriceEvidence(const PriceEvidence& p, std::string* out) {
  out->append("{\"instrument\":");
  AppendJsonString(p.instrument, out);
  out->append(",\"window\":");
  AppendJsonString(p.window, out);
  out->append(",\"from\":{\"ts\":");
  AppendJsonTime(p.from_ts, out);
  out->append(",\"price\":");
  AppendJsonDouble(p.from_price, out);
  out->append("},\"to\":{\"ts\":");
  AppendJsonTime(p.to_ts, out);
  out->append(",\"price\":");
  AppendJsonDouble(p.to_price, out);
  out->append("},\"move\":");
  AppendJsonDouble(p.move, out);
  if (p.abnormal) {
    out->append(",\"benchmark\":");
    AppendJsonString(p.benchmark, out);
    out->append(",\"benchmark_move\":");
    AppendJsonDouble(p.benchmark_move, out);
    out->append(",\"abnormal_move\":");
    AppendJsonDouble(p.abnormal_move, out);
  }
  out->push_back('}');
}

}  // namespace

void AppendSignalJson(const Signal& s, std::string* out) {
  double score = std::isnan(s.score) ? 0 : s.score;
  score = score < 0 ? 0 : (score > 1 ? 1 : score);
  out->append("{\"signal_id\":");
  AppendJsonString(s.signal_id, out);
  out->append(",\"rule\":");
  AppendJsonString(s.rule, out);
  out->append(",\"rule_hash\":");
  AppendJsonString(s.rule_hash, out);
  out->append(",\"rule_file\":");
  AppendJsonString(s.rule_file, out);
  out->append(",\"instrument\":");
  AppendJsonString(s.instrument, out);
  out->append(",\"direction\":");
  AppendJsonString(DirectionName(s.direction), out);
  out->append(",\"score\":");
  AppendJsonFixed(score, 4, out);
  out->append(",\"severity\":");
  AppendJsonString(s.severity, out);
  out->append(",\"ts\":");
  AppendJsonTime(s.ts, out);
  out->append(",\"count\":");
  AppendJsonInt(s.count, out);
  out->append(",\"evidence\":{\"headlines\":[");
  for (size_t i = 0; i < s.headlines.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendHeadlineEvidence(s.headlines[i], out);
  }
  out->append("],\"price\":");
  if (s.price.has_value()) {
    AppendPriceEvidence(*s.price, out);
  } else {
    out->append("null");
  }
  out->append("},\"explanation\":");
  AppendJsonString(s.explanation, out);
  if (!s.retracts.empty()) {  // only on retractions: other signals stay byte-identical
    out->append(",\"retracts\":");
    AppendJsonString(s.retracts, out);
  }
  out->push_back('}');
}

}  // namespace tripline
