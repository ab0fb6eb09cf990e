#include "app/evaluation/forward_returns.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "app/evaluation/bootstrap.h"

namespace tripline::evaluation {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr EventTime kExcursionWindow = kNanosPerHour;

}  // namespace

absl::StatusOr<std::vector<Horizon>> ParseHorizons(std::string_view list) {
  std::vector<Horizon> out;
  for (absl::string_view item : absl::StrSplit(absl::string_view(list.data(), list.size()), ',')) {
    item = absl::StripAsciiWhitespace(item);
    Horizon h;
    h.name = std::string(item);
    if (item == "close") {
      h.kind = HorizonKind::kSessionClose;
    } else if (item == "next_close") {
      h.kind = HorizonKind::kNextClose;
    } else if (!ParseDuration(std::string_view(item.data(), item.size()), &h.duration) ||
               h.duration <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("--horizons: '", item,
                       "' is neither a positive duration (1m, 5m, 1h, 4h) nor close or "
                       "next_close"));
    }
    for (const Horizon& seen : out) {
      if (seen.kind == h.kind && seen.duration == h.duration) {
        return absl::InvalidArgumentError(
            absl::StrCat("--horizons: '", item, "' repeats '", seen.name, "'"));
      }
    }
    out.push_back(std::move(h));
  }
  return out;
}

ForwardReturnTracker::ForwardReturnTracker(std::vector<Horizon> horizons,
                                           const std::vector<std::string>& instruments,
                                           uint64_t seed, int baseline_draws, size_t max_charts)
    : horizons_(std::move(horizons)),
      seed_(seed),
      baseline_draws_(baseline_draws),
      max_charts_(max_charts) {
  for (size_t i = 0; i < horizons_.size(); ++i) {
    switch (horizons_[i].kind) {
      case HorizonKind::kDuration:
        durations_.push_back(i);
        break;
      case HorizonKind::kSessionClose:
        session_close_.push_back(i);
        break;
      case HorizonKind::kNextClose:
        next_close_.push_back(i);
        break;
    }
  }
  std::stable_sort(durations_.begin(), durations_.end(), [&](size_t a, size_t b) {
    return horizons_[a].duration < horizons_[b].duration;
  });
  for (const std::string& s : instruments) TrailFor(s);
}

ForwardReturnTracker::Trail& ForwardReturnTracker::TrailFor(std::string_view instrument) {
  auto it = trails_.find(absl::string_view(instrument.data(), instrument.size()));
  if (it != trails_.end()) return *it->second;
  auto trail = std::make_unique<Trail>();
  trail->instrument = std::string(instrument);
  Trail& ref = *trail;
  trails_.emplace(std::string(instrument), std::move(trail));
  return ref;
}

void ForwardReturnTracker::AddSignal(const Signal& signal, int pack) {
  if (!signal.retracts.empty()) {
    ++retractions_[pack == 0 ? 0 : 1];
    return;
  }
  SignalOutcome o;
  o.pack = pack;
  o.signal_id = signal.signal_id;
  o.rule = signal.rule;
  o.instrument = signal.instrument;
  o.direction = signal.direction;
  o.score = signal.score;
  o.count = signal.count;
  o.signal_ts = signal.ts;
  o.headlines = signal.headlines;
  for (const HeadlineEvidence& h : signal.headlines) {
    if (o.first_headline_ts == kNoTime || h.ts < o.first_headline_ts) o.first_headline_ts = h.ts;
    absl::StrAppend(&o.evidence, h.id, ",");
  }
  if (signal.price) {
    absl::StrAppend(&o.evidence, "|", signal.price->window, "@", signal.price->from_ts, "-",
                    signal.price->to_ts);
  }
  o.returns.assign(horizons_.size(), kNaN);
  Trail& t = TrailFor(signal.instrument);
  t.pending.push_back(static_cast<uint32_t>(outcomes_.size()));
  outcomes_.push_back(std::move(o));
}

void ForwardReturnTracker::OnPrice(const PriceTick& tick) {
  // Official closes are references dated at the previous session, not prices at a time.
  if (tick.kind == PriceKind::kClose) return;
  auto it = trails_.find(absl::string_view(tick.sym.data(), tick.sym.size()));
  if (it == trails_.end()) return;
  OnTrailTick(*it->second, tick.ts, tick.price);
}

void ForwardReturnTracker::OnTrailTick(Trail& t, EventTime ts, double price) {
  if (ts < t.last_ts) return;  // out of order: the as-of prices assume time order
  const int64_t day = DayOf(ts);
  if (t.has_day && day != t.day) CloseSession(t);
  t.has_day = true;
  t.day = day;
  bool any_done = false;
  for (uint32_t index : t.pending) {
    SignalOutcome& o = outcomes_[index];
    switch (o.state) {
      case SignalOutcome::State::kAwaitingEntry:
        if (ts >= o.signal_ts) {
          o.entry_ts = ts;
          o.entry_price = price;
          o.state = SignalOutcome::State::kIntraday;
        }
        break;
      case SignalOutcome::State::kIntraday: {
        // A horizon is decided by the first tick past it: the price before is its as-of price.
        while (o.next_duration < durations_.size() &&
               o.entry_ts + horizons_[durations_[o.next_duration]].duration < ts) {
          o.returns[durations_[o.next_duration]] = o.ReturnAt(t.last_price);
          ++o.next_duration;
        }
        if (ts <= o.entry_ts + kExcursionWindow) {
          const double r = o.ReturnAt(price);
          o.mfe_1h = std::max(o.mfe_1h, r);
          o.mae_1h = std::min(o.mae_1h, r);
        }
        break;
      }
      case SignalOutcome::State::kNextSession:
        if (o.next_day == INT64_MIN) o.next_day = day;
        if (day == o.next_day) {
          o.next_close_price = price;
        } else {
          for (size_t h : next_close_) {
            o.returns[h] = o.ReturnAt(o.next_close_price);
          }
          o.state = SignalOutcome::State::kDone;
          any_done = true;
        }
        break;
      case SignalOutcome::State::kDone:
        break;
    }
  }
  if (any_done) {
    std::erase_if(t.pending,
                  [&](uint32_t i) { return outcomes_[i].state == SignalOutcome::State::kDone; });
  }
  t.bars.Add(ts, price);
  t.last_ts = ts;
  t.last_price = price;
}

void ForwardReturnTracker::CloseSession(Trail& t) {
  bool session_had_signal = false;
  for (uint32_t index : t.pending) {
    SignalOutcome& o = outcomes_[index];
    if (o.state != SignalOutcome::State::kIntraday) continue;
    session_had_signal = true;
    // Horizons no tick passed before the session ended are held to its close.
    for (; o.next_duration < durations_.size(); ++o.next_duration) {
      o.returns[durations_[o.next_duration]] = o.ReturnAt(t.last_price);
    }
    for (size_t h : session_close_) o.returns[h] = o.ReturnAt(t.last_price);
    o.state = SignalOutcome::State::kNextSession;
    if (!o.directional()) continue;
    // The event-study path: 0 at entry, minute-bar prices around it.
    EventStudy& study = studies_[{o.pack, o.rule}];
    const int64_t entry_minute = MinuteOf(o.entry_ts);
    for (int i = 0; i < EventStudy::kPoints; ++i) {
      const int offset = EventStudy::Offset(i);
      if (offset == 0) {
        study.Add(i, 0.0);
        continue;
      }
      const double p = t.bars.PriceAtMinuteStart(entry_minute + offset + (offset > 0 ? 1 : 0));
      study.Add(i, o.ReturnAt(p));
    }
    AddBaseline(t, o, index);
  }
  if (session_had_signal && !t.bars.empty()) {
    if (charts_.size() < max_charts_) {
      PriceSeries series{t.instrument, t.day, {}};
      series.minute_closes.reserve(t.bars.bars().size());
      for (const MinuteBar& b : t.bars.bars()) series.minute_closes.emplace_back(b.minute, b.last);
      charts_.push_back(std::move(series));
    } else {
      ++charts_left_out_;
    }
  }
  t.bars.Clear();
}

void ForwardReturnTracker::AddBaseline(const Trail& t, const SignalOutcome& o,
                                       size_t outcome_index) {
  const std::vector<MinuteBar>& bars = t.bars.bars();
  if (bars.size() < 2 || baseline_draws_ <= 0) return;
  BaselineSamples& base = baselines_[{o.pack, o.rule}];
  if (base.returns.empty()) base.returns.resize(horizons_.size());
  // One generator per signal, seeded by the run's seed and the signal's position, so the draws
  // do not depend on the order in which sessions happen to close.
  SplitMix64 rng(seed_ ^ (0x9E3779B97F4A7C15ull * (outcome_index + 1)));
  const int64_t first = bars.front().minute + 1;  // a price must exist before the draw
  const int64_t last = bars.back().minute;
  const double close = t.bars.close();
  for (int d = 0; d < baseline_draws_; ++d) {
    const int64_t m =
        first + static_cast<int64_t>(rng.Below(static_cast<uint64_t>(last - first + 1)));
    const double entry = t.bars.PriceAtMinuteStart(m);
    for (size_t h = 0; h < horizons_.size(); ++h) {
      double p = kNaN;
      switch (horizons_[h].kind) {
        case HorizonKind::kDuration: {
          const int64_t minutes =
              (horizons_[h].duration + kNanosPerMinute - 1) / kNanosPerMinute;  // round up
          p = t.bars.PriceAtMinuteStart(m + minutes);
          break;
        }
        case HorizonKind::kSessionClose:
          p = close;
          break;
        case HorizonKind::kNextClose:
          break;  // the baseline stays within the session
      }
      if (!std::isnan(p)) base.returns[h].push_back(o.ReturnFrom(entry, p));
    }
    double high = 0, low = 0;
    if (t.bars.Range(m, m + 60, &high, &low)) {
      const double up = o.ReturnFrom(entry, high), down = o.ReturnFrom(entry, low);
      base.mfe_1h.push_back(std::max(0.0, std::max(up, down)));
      base.mae_1h.push_back(std::min(0.0, std::min(up, down)));
    }
    for (int i = 0; i < EventStudy::kPoints; ++i) {
      const int offset = EventStudy::Offset(i);
      const double p = offset == 0 ? entry : t.bars.PriceAtMinuteStart(m + offset);
      base.path.Add(i, o.ReturnFrom(entry, p));
    }
  }
}

void ForwardReturnTracker::Finish() {
  // Sorted, so that the event-study sums add up in the same order on every run.
  std::vector<Trail*> trails;
  trails.reserve(trails_.size());
  for (auto& [name, trail] : trails_) trails.push_back(trail.get());
  std::sort(trails.begin(), trails.end(),
            [](const Trail* a, const Trail* b) { return a->instrument < b->instrument; });
  for (Trail* t : trails) {
    if (t->has_day) CloseSession(*t);
    for (uint32_t index : t->pending) {
      SignalOutcome& o = outcomes_[index];
      if (o.state == SignalOutcome::State::kNextSession && o.next_day != INT64_MIN) {
        for (size_t h : next_close_) {
          o.returns[h] = o.ReturnAt(o.next_close_price);
        }
      }
      o.state = SignalOutcome::State::kDone;
    }
    t->pending.clear();
  }
}

}  // namespace tripline::evaluation
