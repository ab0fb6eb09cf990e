#include "bench/gen/day_generator.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "bench/gen/rng.h"

#include "io/codec/json_writer.h"

namespace tripline::gen {
namespace {

constexpr EventTime kMs = 1'000'000;

// One trading session's daily volatility range and the U-shape of the intraday profile: three
// times busier (and more volatile) at the open and close than at midday.
double UShape(double x) { return 1.0 + 2.0 * (2 * x - 1) * (2 * x - 1); }

// Inverse CDF of UShape over [0, 1], tabulated: tick k of n lands at InvU((k + u) / n), so the
// ticks come out sorted without holding them.
class UShapeInverse {
 public:
  UShapeInverse() {
    // CDF(x) = (x + ((2x - 1)^3 + 1) / 3) / (5 / 3), monotone; invert by bisection per node.
    for (size_t i = 0; i <= kNodes; ++i) {
      const double y = static_cast<double>(i) / kNodes;
      double lo = 0, hi = 1;
      for (int it = 0; it < 60; ++it) {
        const double mid = (lo + hi) / 2;
        const double c = (mid + (std::pow(2 * mid - 1, 3) + 1) / 3) * 0.6;
        (c < y ? lo : hi) = mid;
      }
      table_[i] = (lo + hi) / 2;
    }
  }
  double operator()(double y) const {
    const double f = y * kNodes;
    size_t i = static_cast<size_t>(f);
    if (i >= kNodes) return table_[kNodes];
    const double r = f - static_cast<double>(i);
    return table_[i] + (table_[i + 1] - table_[i]) * r;
  }

 private:
  static constexpr size_t kNodes = 4096;
  double table_[kNodes + 1];
};

// Walker's alias table: O(1) draws from a fixed discrete distribution.
class AliasTable {
 public:
  explicit AliasTable(const std::vector<double>& weights) {
    const size_t n = weights.size();
    prob_.resize(n);
    alias_.resize(n);
    double sum = 0;
    for (double w : weights) sum += w;
    std::vector<double> scaled(n);
    std::vector<size_t> small, large;
    for (size_t i = 0; i < n; ++i) {
      scaled[i] = weights[i] * static_cast<double>(n) / sum;
      (scaled[i] < 1 ? small : large).push_back(i);
    }
    while (!small.empty() && !large.empty()) {
      const size_t s = small.back(), l = large.back();
      small.pop_back();
      prob_[s] = scaled[s];
      alias_[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      if (scaled[l] < 1) {
        large.pop_back();
        small.push_back(l);
      }
    }
    for (size_t i : large) prob_[i] = 1, alias_[i] = i;
    for (size_t i : small) prob_[i] = 1, alias_[i] = i;
  }
  size_t Draw(Rng& rng) const {
    const size_t i = rng.Below(prob_.size());
    return rng.Uniform() < prob_[i] ? i : alias_[i];
  }

 private:
  std::vector<double> prob_;
  std::vector<size_t> alias_;
};

bool ParseDate(const std::string& date, EventTime* out) {
  std::vector<std::string> p = absl::StrSplit(date, '-');
  int y = 0, m = 0, d = 0;
  if (p.size() != 3 || !absl::SimpleAtoi(p[0], &y) || !absl::SimpleAtoi(p[1], &m) ||
      !absl::SimpleAtoi(p[2], &d)) {
    return false;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT00:00:00Z", y, m, d);
  return ParseRfc3339(buf, out);
}

void AppendInt(int64_t v, std::string* out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr);
}

void AppendPrice(double v, std::string* out) {
  char buf[48];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 2);
  out->append(buf, r.ptr);
}

EventTime Minutes(double m) { return static_cast<EventTime>(m * 60'000.0) * kMs; }

}  // namespace

struct DayGenerator::Instrument {
  Company company;
  double sigma_day = 0.015;  // daily volatility of log price
  double log_walk = 0;       // random-walk part of log price
  double close = 0;          // previous session's close
  EventTime last_ts = 0;
  struct Jump {
    EventTime start;
    EventTime end;
    double log_size;
  };
  std::vector<Jump> jumps;
};

struct DayGenerator::PendingHeadline {
  EventTime ts = 0;
  std::string source;
  std::string text;
  std::string ticker;
};

DayGenerator::DayGenerator(const GenOptions& options) : options_(options) {}
DayGenerator::~DayGenerator() = default;

absl::StatusOr<std::unique_ptr<DayGenerator>> DayGenerator::Create(const GenOptions& options) {
  std::unique_ptr<DayGenerator> g(new DayGenerator(options));
  if (absl::Status s = g->Plan(); !s.ok()) return s;
  return g;
}

namespace {

// Fills the {slots} of a template. {co}/{prod} come from `co`, {co2} from another company.
std::string Fill(const std::string& tmpl, const Company& co, const Company& co2,
                 const std::string& gov, Rng& rng) {
  std::string out;
  out.reserve(tmpl.size() + 32);
  size_t i = 0;
  while (i < tmpl.size()) {
    if (tmpl[i] != '{') {
      out.push_back(tmpl[i++]);
      continue;
    }
    const size_t end = tmpl.find('}', i);
    const std::string slot = tmpl.substr(i + 1, end - i - 1);
    i = end + 1;
    if (slot == "co") {
      out += co.name;
    } else if (slot == "co2") {
      out += co2.name;
    } else if (slot == "prod") {
      out += co.product;
    } else if (slot == "gov") {
      out += gov;
    } else {
      out += rng.Pick(SlotWords(slot));
    }
  }
  // A sentence starts with a capital ("the EU ..." -> "The EU ...").
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

}  // namespace

absl::Status DayGenerator::Plan() {
  const GenOptions& o = options_;
  if (!ParseDate(o.date, &day_)) {
    return absl::InvalidArgumentError(absl::StrCat("bad date '", o.date, "' (want YYYY-MM-DD)"));
  }
  if (o.instruments == 0) return absl::InvalidArgumentError("need at least one instrument");
  if (o.headline_fraction < 0 || o.headline_fraction > 0.9) {
    return absl::InvalidArgumentError("headline fraction must be within [0, 0.9]");
  }
  open_ = day_ + 13 * kNanosPerHour + 30 * kNanosPerMinute;
  close_ = day_ + 20 * kNanosPerHour;
  const EventTime session = close_ - open_;
  Rng rng(o.seed ^ 0x5eed0001);

  // Universe: named companies first (the watched ones lead), then synthetic ones.
  instruments_.resize(o.instruments);
  for (size_t i = 0; i < o.instruments; ++i) {
    Instrument& in = instruments_[i];
    in.company = CompanyAt(i);
    in.sigma_day = rng.Uniform(0.005, 0.015);
    in.close = in.company.price;
    // The open gaps from the previous close by a normal 1%.
    in.log_walk = 0.01 * rng.Normal();
    in.last_ts = open_;
  }

  // Scenario stories, placed as scripted.
  for (const Story& s : o.scenario.stories) {
    size_t idx = o.instruments;
    for (size_t i = 0; i < o.instruments; ++i) {
      if (instruments_[i].company.symbol == s.instrument) idx = i;
    }
    if (idx == o.instruments) {
      return absl::InvalidArgumentError(absl::StrCat("scenario story '", s.name, "': instrument ",
                                                     s.instrument, " is not in the universe of ",
                                                     o.instruments, " instruments"));
    }
    StoryRecord rec;
    rec.name = s.name;
    rec.ts = day_ + s.at;
    rec.instrument = s.instrument;
    for (const ScriptedHeadline& h : s.headlines) {
      story_headlines_.push_back({day_ + s.at + h.after, h.source, h.text, s.instrument});
    }
    rec.headlines = static_cast<uint32_t>(s.headlines.size());
    if (s.move) {
      rec.move = s.move->size;
      rec.move_start = day_ + s.at + s.move->after;
      rec.move_end = rec.move_start + s.move->over;
      instruments_[idx].jumps.push_back({rec.move_start, rec.move_end, std::log1p(s.move->size)});
    }
    stories_.push_back(rec);
  }

  const uint64_t headlines = static_cast<uint64_t>(std::llround(o.events * o.headline_fraction));
  // Random stories: bounded by the story share of headlines and by two per instrument.
  const uint64_t budget = static_cast<uint64_t>(static_cast<double>(headlines) * o.story_share);
  uint64_t random_stories = std::min<uint64_t>(budget / 3, 2 * o.instruments);
  const auto& themes = Themes();
  const auto& sources = Sources();
  const size_t watched = std::min(o.watched, o.instruments);
  for (uint64_t k = 0; k < random_stories; ++k) {
    const Theme& theme = themes[rng.Below(themes.size())];
    // Stories on one instrument stay two hours apart (scripted ones included), so that one
    // story's move is not another's: a few draws, else the story is dropped.
    size_t idx = 0;
    EventTime at = 0;
    bool placed = false;
    for (int attempt = 0; attempt < 8 && !placed; ++attempt) {
      idx = (watched > 0 && (watched == o.instruments || rng.Chance(0.8)))
                ? rng.Below(watched)
                : watched + rng.Below(o.instruments - watched);
      at = open_ + Minutes(rng.Uniform(10, session / kNanosPerMinute - 70));
      placed = true;
      for (const StoryRecord& other : stories_) {
        if (other.instrument == instruments_[idx].company.symbol &&
            std::llabs(other.ts - at) < 2 * kNanosPerHour) {
          placed = false;
        }
      }
    }
    if (!placed) continue;
    Instrument& in = instruments_[idx];
    StoryRecord rec;
    rec.name = absl::StrCat("story-", k);
    rec.ts = at;
    rec.instrument = in.company.symbol;
    rec.theme = theme.id;
    const std::string gov = rng.Pick(Governments());
    const uint32_t outlets = 1 + static_cast<uint32_t>(rng.Below(4));
    EventTime t = rec.ts;
    const size_t first_source = rng.Below(sources.size());
    for (uint32_t j = 0; j < outlets; ++j) {
      if (j > 0) t += Minutes(rng.Exponential(1.5)) + kMs * static_cast<EventTime>(rng.Below(1000));
      // Near-duplicates: the same story in another outlet's words (another template).
      const std::string text = Fill(theme.templates[rng.Below(theme.templates.size())], in.company,
                                    instruments_[rng.Below(o.instruments)].company, gov, rng);
      story_headlines_.push_back(
          {t, sources[(first_source + 7 * j) % sources.size()], text, in.company.symbol});
    }
    rec.headlines = outlets;
    const double r = rng.Uniform();
    double size = 0;
    if (r < 0.65) {
      size = theme.direction * rng.Uniform(0.035, 0.07);
    } else if (r < 0.8) {
      size = theme.direction * rng.Uniform(0.002, 0.012);  // too small to fire
    }
    if (size != 0) {
      // One story in ten leaks: the price moves before the headline.
      const double after = rng.Chance(0.1) ? -rng.Uniform(5, 20) : rng.Uniform(0.5, 8);
      rec.move = size;
      rec.move_start = rec.ts + Minutes(after);
      rec.move_end = rec.move_start + Minutes(rng.Uniform(3, 30));
      in.jumps.push_back({rec.move_start, rec.move_end, std::log1p(size)});
    }
    stories_.push_back(rec);
  }
  // Jumps that no news explains: price-only near-misses.
  const uint64_t unexplained = o.instruments / 4;
  for (uint64_t k = 0; k < unexplained; ++k) {
    Instrument& in = instruments_[rng.Below(o.instruments)];
    const EventTime start = open_ + Minutes(rng.Uniform(5, session / kNanosPerMinute - 40));
    const double size = (rng.Chance(0.5) ? -1 : 1) * rng.Uniform(0.02, 0.05);
    in.jumps.push_back({start, start + Minutes(rng.Uniform(2, 30)), std::log1p(size)});
  }
  stats_.unexplained_jumps = unexplained;

  std::stable_sort(story_headlines_.begin(), story_headlines_.end(),
                   [](const PendingHeadline& a, const PendingHeadline& b) { return a.ts < b.ts; });
  std::stable_sort(stories_.begin(), stories_.end(),
                   [](const StoryRecord& a, const StoryRecord& b) { return a.ts < b.ts; });
  for (PendingHeadline& h : story_headlines_) h.ts -= h.ts % kMs;

  if (story_headlines_.size() > headlines || o.instruments > o.events - headlines) {
    return absl::InvalidArgumentError(
        absl::StrCat("too few events (", o.events, ") for ", story_headlines_.size(),
                     " scripted headlines and ", o.instruments, " previous closes"));
  }
  noise_headlines_ = headlines - story_headlines_.size();
  price_ticks_ = o.events - headlines - o.instruments;
  return absl::OkStatus();
}

absl::Status DayGenerator::Run(OutputFile& headlines, OutputFile& prices) {
  WritePrices(prices);
  WriteHeadlines(headlines);
  return absl::OkStatus();
}

void DayGenerator::WritePrices(OutputFile& out) {
  Rng rng(options_.seed ^ 0x9e1ce5);
  std::string line;
  line.reserve(256);
  // Previous closes, the evening before.
  const EventTime prev_close = day_ - 4 * kNanosPerHour;
  for (const Instrument& in : instruments_) {
    line.clear();
    line += "{\"sym\":";
    AppendJsonString(in.company.symbol, &line);
    line += ",\"ts\":";
    AppendInt(prev_close, &line);
    line += ",\"price\":";
    AppendPrice(in.close, &line);
    line += ",\"kind\":\"close\"}\n";
    out.Write(line);
    ++stats_.closes;
  }

  // Activity: Zipf over the universe, so the watched names (first) trade most.
  std::vector<double> weights(instruments_.size());
  for (size_t i = 0; i < weights.size(); ++i) weights[i] = 1.0 / std::pow(i + 1.0, 0.9);
  const AliasTable activity(weights);
  // Bursts: while a move is under way, its instrument draws extra ticks.
  struct Burst {
    EventTime start, end;
    size_t instrument;
  };
  std::vector<Burst> bursts;
  for (size_t i = 0; i < instruments_.size(); ++i) {
    for (const auto& j : instruments_[i].jumps) {
      bursts.push_back({j.start, j.end + 5 * kNanosPerMinute, i});
    }
  }
  std::sort(bursts.begin(), bursts.end(), [](const Burst& a, const Burst& b) {
    return a.start != b.start ? a.start < b.start : a.instrument < b.instrument;
  });
  std::vector<Burst> active;
  size_t next_burst = 0;

  static const UShapeInverse inv;
  const EventTime session = close_ - open_;
  const double session_ns = static_cast<double>(session);
  const uint64_t n = price_ticks_;
  for (uint64_t k = 0; k < n; ++k) {
    const double x = inv((static_cast<double>(k) + rng.Uniform()) / static_cast<double>(n));
    EventTime ts = open_ + static_cast<EventTime>(x * session_ns);
    ts -= ts % kMs;
    while (next_burst < bursts.size() && bursts[next_burst].start <= ts) {
      active.push_back(bursts[next_burst++]);
    }
    if (!active.empty()) {
      active.erase(
          std::remove_if(active.begin(), active.end(), [ts](const Burst& b) { return b.end < ts; }),
          active.end());
    }
    size_t idx;
    if (!active.empty() && rng.Chance(0.2)) {
      idx = active[rng.Below(active.size())].instrument;
    } else {
      idx = activity.Draw(rng);
    }
    Instrument& in = instruments_[idx];
    const double dt = static_cast<double>(ts - in.last_ts) / session_ns;
    in.last_ts = ts;
    in.log_walk += in.sigma_day * std::sqrt(std::max(dt, 0.0) * UShape(x)) * rng.Normal();
    double jump = 0;
    for (const auto& j : in.jumps) {
      if (ts <= j.start) continue;
      const double f =
          ts >= j.end ? 1.0
                      : static_cast<double>(ts - j.start) / static_cast<double>(j.end - j.start);
      jump += j.log_size * f;
    }
    const double price = std::max(0.01, in.close * std::exp(in.log_walk + jump));
    line.clear();
    line += "{\"sym\":";
    AppendJsonString(in.company.symbol, &line);
    line += ",\"ts\":";
    AppendInt(ts, &line);
    line += ",\"price\":";
    AppendPrice(price, &line);
    line += ",\"size\":";
    AppendInt(100 * (1 + static_cast<int64_t>(rng.Below(50))), &line);
    line += "}\n";
    out.Write(line);
  }
  stats_.prices = stats_.closes + n;
}

void DayGenerator::WriteHeadlines(OutputFile& out) {
  Rng rng(options_.seed ^ 0x4ead11e5);
  const auto& sources = Sources();
  const size_t watched = std::min(options_.watched, instruments_.size());
  const EventTime start = day_ + 11 * kNanosPerHour + 30 * kNanosPerMinute;
  const double span = static_cast<double>(close_ - start);
  std::string line, text, ticker;
  line.reserve(512);
  uint64_t seq = 0;
  size_t next_story = 0;
  auto emit = [&](EventTime ts, const std::string& source, const std::string& headline,
                  const std::string& tick, bool story) {
    line.clear();
    char id[32];
    std::snprintf(id, sizeof id, "%s-%08llu", story ? "s" : "n",
                  static_cast<unsigned long long>(++seq));
    line += "{\"id\":\"";
    line += id;
    line += "\",\"ts\":";
    AppendInt(ts, &line);
    line += ",\"source\":";
    AppendJsonString(source, &line);
    line += ",\"headline\":";
    AppendJsonString(headline, &line);
    if (!tick.empty()) {
      line += ",\"tickers\":[";
      AppendJsonString(tick, &line);
      line += "]";
    }
    line += ",\"lang\":\"en\"}\n";
    out.Write(line);
    ++stats_.headlines;
  };
  const uint64_t n = noise_headlines_;
  for (uint64_t k = 0; k < n; ++k) {
    EventTime ts = start + static_cast<EventTime>((static_cast<double>(k) + rng.Uniform()) /
                                                  static_cast<double>(n) * span);
    ts -= ts % kMs;
    while (next_story < story_headlines_.size() && story_headlines_[next_story].ts <= ts) {
      const PendingHeadline& h = story_headlines_[next_story++];
      emit(h.ts, h.source, h.text, h.ticker, true);
      ++stats_.story_headlines;
    }
    const bool near_miss = rng.Chance(options_.near_miss_share);
    // Near-misses mostly name a watched company; noise names anyone, by activity.
    const size_t idx = (near_miss && watched > 0 && rng.Chance(0.7))
                           ? rng.Below(watched)
                           : rng.Below(instruments_.size());
    const Company& co = instruments_[idx].company;
    const Company& co2 = instruments_[rng.Below(instruments_.size())].company;
    const std::string& tmpl =
        near_miss ? rng.Pick(NearMissTemplates()) : rng.Pick(NoiseTemplates());
    text = Fill(tmpl, co, co2, rng.Pick(Governments()), rng);
    const bool names_co = tmpl.find("{co}") != std::string::npos;
    emit(ts, sources[rng.Below(sources.size())], text, names_co ? co.symbol : std::string(), false);
    if (near_miss) ++stats_.near_miss_headlines;
  }
  while (next_story < story_headlines_.size()) {
    const PendingHeadline& h = story_headlines_[next_story++];
    emit(h.ts, h.source, h.text, h.ticker, true);
    ++stats_.story_headlines;
  }
}

void DayGenerator::WriteManifest(OutputFile& out) const {
  std::string line;
  for (const StoryRecord& s : stories_) {
    line.clear();
    line += "{\"story\":";
    AppendJsonString(s.name, &line);
    line += ",\"ts\":";
    AppendInt(s.ts, &line);
    line += ",\"instrument\":";
    AppendJsonString(s.instrument, &line);
    line += ",\"theme\":";
    AppendJsonString(s.theme, &line);
    line += ",\"headlines\":";
    AppendInt(s.headlines, &line);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", s.move);
    absl::StrAppend(&line, ",\"move\":", buf);
    if (s.move != 0) {
      line += ",\"move_start\":";
      AppendInt(s.move_start, &line);
      line += ",\"move_end\":";
      AppendInt(s.move_end, &line);
    }
    line += "}\n";
    out.Write(line);
  }
}

}  // namespace tripline::gen
