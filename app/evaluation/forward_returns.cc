#include "app/evaluation/forward_returns.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "app/evaluation/bootstrap.h"
#include "app/evaluation/significance.h"

namespace tripline::evaluation {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr EventTime kExcursionWindow = kNanosPerHour;

double Minutes(EventTime span) {
  return static_cast<double>(span) / static_cast<double>(kNanosPerMinute);
}

}  // namespace

std::string_view AbnormalModelName(AbnormalModel model) {
  switch (model) {
    case AbnormalModel::kRaw:
      return "raw";
    case AbnormalModel::kBenchmarkAdjusted:
      return "benchmark_adjusted";
    case AbnormalModel::kMarketModel:
      return "market_model";
  }
  return "raw";
}

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

void ForwardReturnTracker::SetBenchmarks(
    const std::vector<std::pair<std::string, std::string>>& benchmarks) {
  for (const auto& [instrument, benchmark] : benchmarks) {
    if (benchmark.empty() || benchmark == instrument) continue;
    benchmarks_.try_emplace(instrument, benchmark);
    TrailFor(benchmark);
  }
}

void ForwardReturnTracker::SetExchanges(
    const std::vector<std::pair<std::string, Exchange>>& exchanges) {
  for (const auto& [instrument, exchange] : exchanges) {
    if (exchange == Exchange::kNone) continue;
    exchanges_.try_emplace(instrument, exchange);
    auto it = trails_.find(instrument);
    if (it != trails_.end()) it->second->exchange = exchanges_.at(instrument);
  }
}

std::vector<CalendarUse> ForwardReturnTracker::calendar_use() const {
  std::vector<CalendarUse> out;
  for (const auto& [name, t] : trails_) {
    if (t->exchange == Exchange::kNone) continue;
    out.push_back(CalendarUse{name, t->exchange, t->ticks, t->outside_hours, t->holidays_known});
  }
  std::sort(out.begin(), out.end(),
            [](const CalendarUse& a, const CalendarUse& b) { return a.instrument < b.instrument; });
  return out;
}

void ForwardReturnTracker::AddHeadline(EventTime ts) {
  if (!headlines_.empty() && ts < headlines_.back()) headlines_sorted_ = false;
  headlines_.push_back(ts);
}

ForwardReturnTracker::Trail& ForwardReturnTracker::TrailFor(std::string_view instrument) {
  auto it = trails_.find(absl::string_view(instrument.data(), instrument.size()));
  if (it != trails_.end()) return *it->second;
  auto trail = std::make_unique<Trail>();
  trail->instrument = std::string(instrument);
  if (auto x = exchanges_.find(trail->instrument); x != exchanges_.end()) {
    trail->exchange = x->second;
  }
  Trail& ref = *trail;
  trails_.emplace(std::string(instrument), std::move(trail));
  return ref;
}

void ForwardReturnTracker::AddSignal(const Signal& signal, int pack) {
  const int slot = pack == 0 ? 0 : 1;
  if (!signal.retracts.empty()) {
    ++retractions_[slot];
    auto it = by_id_[slot].find(signal.retracts);
    if (it != by_id_[slot].end()) {
      SignalOutcome& withdrawn = outcomes_[it->second];
      if (withdrawn.retract_ts == kNoTime) withdrawn.retract_ts = signal.ts;
    }
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
    AddHeadline(h.ts);
  }
  if (signal.price) {
    absl::StrAppend(&o.evidence, "|", signal.price->window, "@", signal.price->from_ts, "-",
                    signal.price->to_ts);
  }
  o.returns.assign(horizons_.size(), kNaN);
  o.ends.assign(horizons_.size(), kNoTime);
  o.abnormal.assign(horizons_.size(), kNaN);
  o.abnormal_scale.assign(horizons_.size(), kNaN);
  o.exit_half_spread.assign(horizons_.size(), kNaN);
  o.resid_sd = kNaN;
  o.bench_entry_price = kNaN;
  if (auto it = benchmarks_.find(signal.instrument); it != benchmarks_.end()) {
    o.benchmark = it->second;
  }
  Trail& t = TrailFor(signal.instrument);
  by_id_[slot][signal.signal_id] = static_cast<uint32_t>(outcomes_.size());
  t.pending.push_back(static_cast<uint32_t>(outcomes_.size()));
  outcomes_.push_back(std::move(o));
}

void ForwardReturnTracker::OnPrice(const PriceTick& tick) {
  // Official closes are references dated at the previous session, not prices at a time.
  if (tick.kind == PriceKind::kClose) return;
  auto it = trails_.find(absl::string_view(tick.sym.data(), tick.sym.size()));
  if (it == trails_.end()) return;
  // Half the spread over the mid: (ask - bid) / (ask + bid). The decoder rejects crossed quotes.
  const double half_spread =
      tick.bid > 0 && tick.ask > 0 ? (tick.ask - tick.bid) / (tick.ask + tick.bid) : kNaN;
  OnTrailTick(*it->second, tick.ts, tick.price, half_spread);
}

void ForwardReturnTracker::OnTrailTick(Trail& t, EventTime ts, double price, double half_spread) {
  if (ts < t.last_ts) return;  // out of order: the as-of prices assume time order
  const int64_t day = DayOf(ts);
  if (t.has_day && day != t.day) {
    CloseSession(t);
    t.half_spread = kNaN;  // a quote does not carry across the night
  }
  // The quote as of the previous tick (the as-of price of a horizon this tick decides), and as
  // of this one.
  const double previous_half_spread = t.half_spread;
  if (!std::isnan(half_spread)) t.half_spread = half_spread;
  if (t.exchange != Exchange::kNone) {
    if (!t.has_day || day != t.day) {
      t.clock = TradingClock(TradingIntervals(t.exchange, day));
      t.close_ts = kNoTime;
      const std::string date = FormatRfc3339(ts);
      const int year =
          (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + (date[3] - '0');
      if (!HolidaysKnown(t.exchange, year)) t.holidays_known = false;
    }
    ++t.ticks;
    if (!t.clock.WithinHours(ts)) ++t.outside_hours;
    if (t.clock.Applies(ts)) {
      t.close_ts = ts;
      t.close_price = price;
      t.close_half_spread = t.half_spread;
    }
  }
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
          o.entry_half_spread = t.half_spread;
          o.state = SignalOutcome::State::kIntraday;
          // When each duration horizon and the excursion hour end: in trading time on the
          // exchange's calendar.
          for (size_t k : durations_) o.ends[k] = t.clock.Add(ts, horizons_[k].duration);
          o.excursion_end = t.clock.Add(ts, kExcursionWindow);
        }
        break;
      case SignalOutcome::State::kIntraday: {
        if (o.retract_ts != kNoTime && o.unwind_ts == kNoTime && ts >= o.retract_ts) {
          o.unwind_ts = ts;
          o.unwind_price = price;
          o.unwind_half_spread = t.half_spread;
        }
        // A horizon is decided by the first tick past it: the price before is its as-of price.
        while (o.next_duration < durations_.size() && o.ends[durations_[o.next_duration]] < ts) {
          o.returns[durations_[o.next_duration]] = o.ReturnAt(t.last_price);
          o.exit_half_spread[durations_[o.next_duration]] = previous_half_spread;
          ++o.next_duration;
        }
        if (ts <= o.excursion_end) {
          const double r = o.ReturnAt(price);
          o.mfe_1h = std::max(o.mfe_1h, r);
          o.mae_1h = std::min(o.mae_1h, r);
        }
        break;
      }
      case SignalOutcome::State::kNextSession: {
        // With a calendar the next session is the next day the exchange trades (a stray tick
        // on a holiday is not one) and its close is the exchange's, as for `close`.
        const bool calendar = t.exchange != Exchange::kNone;
        if (o.next_day == INT64_MIN && (!calendar || t.clock.close() != kNoTime)) {
          o.next_day = day;
        }
        if (day == o.next_day) {
          o.next_last_price = price;
          o.next_last_half_spread = t.half_spread;
          if (!calendar || t.clock.Applies(ts)) {
            o.next_close_price = price;
            o.next_close_half_spread = t.half_spread;
            o.next_close_seen = true;
          }
        } else if (o.next_day != INT64_MIN) {
          ResolveNextClose(o);
          o.state = SignalOutcome::State::kDone;
          any_done = true;
        }
        break;
      }
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
  // The close: the last tick at or before the exchange's close, else (no calendar, or a
  // recording whose ticks all fall after it) the session's last tick.
  const auto [close_ts, close_price] = SessionClose(t);
  bool session_had_signal = false;
  std::vector<int64_t> clean_minutes;
  bool have_clean_minutes = false;
  for (uint32_t index : t.pending) {
    SignalOutcome& o = outcomes_[index];
    if (o.state != SignalOutcome::State::kIntraday) continue;
    session_had_signal = true;
    // Horizons no tick passed before the session ended are held to its close.
    for (; o.next_duration < durations_.size(); ++o.next_duration) {
      o.returns[durations_[o.next_duration]] = o.ReturnAt(t.last_price);
      o.exit_half_spread[durations_[o.next_duration]] = t.half_spread;
    }
    // An entry after the exchange's close (an after-hours tick) holds to the session's last
    // tick: its close is not before it.
    const bool after_close = o.entry_ts > close_ts;
    for (size_t h : session_close_) {
      o.returns[h] = o.ReturnAt(after_close ? t.last_price : close_price);
      o.exit_half_spread[h] = after_close ? t.half_spread : SessionCloseHalfSpread(t);
      o.ends[h] = after_close ? t.last_ts : close_ts;
    }
    o.session_last_ts = after_close ? t.last_ts : close_ts;
    o.state = SignalOutcome::State::kNextSession;
    AddAbnormal(t, o);
    if (!o.directional()) continue;
    // The event-study path: 0 at entry, minute-bar prices around it, in trading time.
    EventStudy& study = studies_[{o.pack, o.rule}];
    for (int i = 0; i < EventStudy::kPoints; ++i) {
      const int offset = EventStudy::Offset(i);
      if (offset == 0) {
        study.Add(i, 0.0);
        continue;
      }
      const double p = offset > 0 ? PriceAfter(t, o.entry_ts, offset)
                                  : t.bars.PriceAtMinuteStart(MinuteBefore(t, o.entry_ts, -offset));
      study.Add(i, o.ReturnAt(p));
    }
    if (!have_clean_minutes) {
      clean_minutes = CleanMinutes(t);
      have_clean_minutes = true;
    }
    AddBaseline(t, o, index, clean_minutes);
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
  if (!t.bars.empty()) t.closes[t.day] = close_price;
  std::swap(t.prev_bars, t.bars);
  t.has_prev = true;
  t.prev_day = t.day;
  t.prev_close_ts = close_ts;
  t.bars.Clear();
}

std::pair<EventTime, double> ForwardReturnTracker::SessionClose(const Trail& t) {
  if (t.exchange != Exchange::kNone && t.close_ts != kNoTime) return {t.close_ts, t.close_price};
  return {t.last_ts, t.last_price};
}

double ForwardReturnTracker::SessionCloseHalfSpread(const Trail& t) {
  if (t.exchange != Exchange::kNone && t.close_ts != kNoTime) return t.close_half_spread;
  return t.half_spread;
}

void ForwardReturnTracker::ResolveNextClose(SignalOutcome& o) const {
  for (size_t h : next_close_) {
    o.returns[h] = o.ReturnAt(o.next_close_seen ? o.next_close_price : o.next_last_price);
    o.exit_half_spread[h] = o.next_close_seen ? o.next_close_half_spread : o.next_last_half_spread;
  }
}

double ForwardReturnTracker::PriceAfter(const Trail& t, EventTime from, int minutes) {
  const EventTime at = t.clock.Add(from, minutes * kNanosPerMinute);
  if (t.clock.HeldAtClose(from, at)) return SessionClose(t).second;
  return t.bars.PriceAtMinuteStart(MinuteOf(at) + 1);
}

int64_t ForwardReturnTracker::MinuteBefore(const Trail& t, EventTime from, int minutes) {
  return MinuteOf(t.clock.Subtract(from, minutes * kNanosPerMinute));
}

const SessionBars* ForwardReturnTracker::BarsOf(std::string_view instrument, int64_t day) const {
  auto it = trails_.find(absl::string_view(instrument.data(), instrument.size()));
  if (it == trails_.end()) return nullptr;
  const Trail& b = *it->second;
  if (b.has_day && b.day == day && !b.bars.empty()) return &b.bars;
  if (b.has_prev && b.prev_day == day && !b.prev_bars.empty()) return &b.prev_bars;
  return nullptr;
}

void ForwardReturnTracker::AddAbnormal(const Trail& t, SignalOutcome& o) {
  const SessionBars* bench = o.benchmark.empty() ? nullptr : BarsOf(o.benchmark, t.day);
  const int64_t entry_minute = MinuteOf(o.entry_ts);
  // The benchmark as of the entry: its last price in the entry's minute (one-minute resolution,
  // as the event study).
  const double b0 = bench ? bench->PriceAtMinuteStart(entry_minute + 1) : kNaN;
  if (std::isnan(b0)) bench = nullptr;
  o.bench_entry_price = b0;
  // The estimation window: the minutes before the first headline, so the event's own move
  // (headline to signal to entry) stays out of the model. Each minute's return is its as-of
  // close over the previous minute's, within the session.
  const EventTime event_ts =
      o.first_headline_ts != kNoTime ? std::min(o.first_headline_ts, o.signal_ts) : o.signal_ts;
  const int64_t event_minute = MinuteOf(event_ts);
  // Its minutes: the kEstimationMinutes trading minutes before the event (lunch breaks and the
  // night do not count), or wall-clock minutes where trading time does not apply.
  std::vector<int64_t> window;
  if (t.clock.AppliesBefore(event_ts)) {
    const int64_t first = t.bars.empty() ? event_minute : t.bars.bars().front().minute;
    for (int64_t m = event_minute - 1; m >= first && window.size() < kEstimationMinutes; --m) {
      if (t.clock.Trading(m * kNanosPerMinute)) window.push_back(m);
    }
    std::reverse(window.begin(), window.end());
  } else {
    for (int64_t m = event_minute - kEstimationMinutes; m < event_minute; ++m) window.push_back(m);
  }
  std::vector<double> x, y;
  for (int64_t m : window) {
    const double i0 = t.bars.PriceAtMinuteStart(m), i1 = t.bars.PriceAtMinuteStart(m + 1);
    if (std::isnan(i0) || std::isnan(i1)) continue;
    double xb = 0;
    if (bench) {
      const double p0 = bench->PriceAtMinuteStart(m), p1 = bench->PriceAtMinuteStart(m + 1);
      if (std::isnan(p0) || std::isnan(p1)) continue;
      xb = p1 / p0 - 1;
    }
    x.push_back(xb);
    y.push_back(i1 / i0 - 1);
  }
  o.estimation_returns = y.size();
  o.model = bench ? AbnormalModel::kBenchmarkAdjusted : AbnormalModel::kRaw;
  o.alpha = 0;
  o.beta = bench ? 1 : 0;
  if (bench && y.size() >= kMinEstimationReturns) {
    const MarketModelFit fit = FitMarketModel(x, y);
    if (fit.ok) {
      o.model = AbnormalModel::kMarketModel;
      o.alpha = fit.alpha;
      o.beta = fit.beta;
      o.resid_sd = fit.resid_sd;
    }
  }
  // The scale of the standardized test needs as long a window as the model: from a few minutes
  // the standard deviation is noise, and dividing by it makes outliers of quiet events.
  if (o.model != AbnormalModel::kMarketModel && y.size() >= kMinEstimationReturns) {
    // The standard deviation of the model's minute abnormal returns (raw: y; adjusted: y - x).
    double sum = 0, ss = 0;
    for (size_t i = 0; i < y.size(); ++i) sum += y[i] - o.beta * x[i];
    const double mean = sum / static_cast<double>(y.size());
    for (size_t i = 0; i < y.size(); ++i) {
      const double d = y[i] - o.beta * x[i] - mean;
      ss += d * d;
    }
    o.resid_sd = std::sqrt(ss / static_cast<double>(y.size() - 1));
  }
  // The expected move over `minutes` with the benchmark at `price`, the direction's way.
  auto expected = [&](double minutes, double bench_price) {
    const double rb = bench ? bench_price / b0 - 1 : 0;
    return o.sign() * (o.alpha * minutes + o.beta * rb);
  };
  for (size_t h = 0; h < horizons_.size(); ++h) {
    if (std::isnan(o.returns[h])) continue;
    double minutes = 0, bench_price = kNaN;
    switch (horizons_[h].kind) {
      case HorizonKind::kDuration: {
        // Held to the close past the session's last tick, as the instrument's return is (the
        // end is in trading time when the instrument has a calendar).
        const EventTime end = std::min(o.ends[h], t.last_ts);
        minutes = Minutes(t.clock.Elapsed(o.entry_ts, end));
        if (bench) bench_price = bench->PriceAtMinuteStart(MinuteOf(end) + 1);
        break;
      }
      case HorizonKind::kSessionClose:
        // The benchmark as of the instrument's close tick (the exchange's close).
        minutes = Minutes(t.clock.Elapsed(o.entry_ts, o.ends[h]));
        if (bench) bench_price = bench->PriceAtMinuteStart(MinuteOf(o.ends[h]) + 1);
        break;
      case HorizonKind::kNextClose:
        continue;  // Finish(): the next session has not ended yet
    }
    if (bench && std::isnan(bench_price)) continue;
    o.abnormal[h] = o.returns[h] - expected(minutes, bench_price);
    o.abnormal_scale[h] = o.resid_sd * std::sqrt(std::max(1.0, minutes));
  }
  if (!o.directional()) return;
  // The abnormal event-study path, on the same grid (trading time) and prices as the raw one;
  // the model's alpha runs for the trading minutes between the entry and the point.
  EventStudy& study = abnormal_studies_[{o.pack, o.rule}];
  for (int i = 0; i < EventStudy::kPoints; ++i) {
    const int offset = EventStudy::Offset(i);
    if (offset == 0) {
      study.Add(i, 0.0);
      continue;
    }
    double p, pb = kNaN, minutes;
    if (offset > 0) {
      const EventTime at = t.clock.Add(o.entry_ts, offset * kNanosPerMinute);
      p = PriceAfter(t, o.entry_ts, offset);
      if (bench) pb = bench->PriceAtMinuteStart(MinuteOf(at) + 1);
      minutes = Minutes(t.clock.Elapsed(o.entry_ts, at));
    } else {
      const EventTime at = t.clock.Subtract(o.entry_ts, -offset * kNanosPerMinute);
      p = t.bars.PriceAtMinuteStart(MinuteOf(at));
      if (bench) pb = bench->PriceAtMinuteStart(MinuteOf(at));
      minutes = t.clock.AppliesBefore(o.entry_ts) ? -Minutes(t.clock.Elapsed(at, o.entry_ts))
                                                  : static_cast<double>(offset);
    }
    if (bench && std::isnan(pb)) continue;
    study.Add(i, o.ReturnAt(p) - expected(minutes, pb));
  }
}

std::vector<int64_t> ForwardReturnTracker::CleanMinutes(const Trail& t) {
  if (!headlines_sorted_) {
    std::sort(headlines_.begin(), headlines_.end());
    headlines_sorted_ = true;
  }
  const std::vector<MinuteBar>& bars = t.bars.bars();
  std::vector<int64_t> out;
  if (bars.size() < 2) return out;
  const EventTime open = bars.front().minute * kNanosPerMinute;
  // A headline since the previous session's close (or within a day before the open, for the
  // first) while the exchange was closed is news at the open.
  const EventTime closed_from = t.has_prev ? t.prev_close_ts : open - kNanosPerDay;
  const EventTime last = bars.back().minute * kNanosPerMinute;
  const EventTime end = t.clock.close() == kNoTime ? last : std::max(last, t.clock.close());
  auto from = std::upper_bound(headlines_.begin(), headlines_.end(), closed_from);
  auto to = std::upper_bound(headlines_.begin(), headlines_.end(), end + kBaselineBefore);
  // Each headline's window, in trading time: a break or the night does not shorten it.
  std::vector<std::pair<EventTime, EventTime>> windows;
  for (auto it = from; it != to; ++it) {
    const EventTime h = std::max(*it, open);
    windows.emplace_back(t.clock.Subtract(h, kBaselineBefore), t.clock.Add(h, kBaselineAfter));
  }
  for (int64_t m = bars.front().minute + 1; m <= bars.back().minute; ++m) {
    const EventTime at = m * kNanosPerMinute;
    // With a calendar, only times the exchange trades are drawn.
    if (!t.clock.Trading(at)) continue;
    bool clean = true;
    for (const auto& [lo, hi] : windows) {
      if (at >= lo && at <= hi) {
        clean = false;
        break;
      }
    }
    if (clean) out.push_back(m);
  }
  return out;
}

void ForwardReturnTracker::AddBaseline(const Trail& t, const SignalOutcome& o, size_t outcome_index,
                                       const std::vector<int64_t>& clean_minutes) {
  const std::vector<MinuteBar>& bars = t.bars.bars();
  if (bars.size() < 2 || baseline_draws_ <= 0) return;
  BaselineSamples& base = baselines_[{o.pack, o.rule}];
  if (base.returns.empty()) base.returns.resize(horizons_.size());
  if (clean_minutes.empty()) return;  // news all session: no clean time to draw
  // One generator per signal, seeded by the run's seed and the signal's position, so the draws
  // do not depend on the order in which sessions happen to close.
  SplitMix64 rng(seed_ ^ (0x9E3779B97F4A7C15ull * (outcome_index + 1)));
  const auto [close_ts, close_price] = SessionClose(t);
  // The first headline after a draw: a horizon that reaches it is not clean.
  auto next_news = [&](int64_t m) {
    auto it = std::upper_bound(headlines_.begin(), headlines_.end(), m * kNanosPerMinute);
    return it == headlines_.end() ? INT64_MAX : *it;
  };
  for (int d = 0; d < baseline_draws_; ++d) {
    // A clean minute after the session's first (a price must exist before the draw).
    const int64_t m = clean_minutes[rng.Below(clean_minutes.size())];
    const EventTime at = m * kNanosPerMinute;
    base.draw_minutes.push_back(m);
    const EventTime news = next_news(m);
    auto clean_until = [&](int64_t minute) { return minute * kNanosPerMinute < news; };
    // The price `span` of trading time after the draw, as the signals' horizons: as of the
    // start of the minute it ends in (rounded up), or the close's tick where it is held there.
    // NaN when it reaches news.
    auto price_after = [&](EventTime span) {
      const EventTime end = t.clock.Add(at, span);
      const int64_t minute = MinuteOf(end + kNanosPerMinute - 1);
      if (!clean_until(minute)) return kNaN;
      return t.clock.HeldAtClose(at, end) ? close_price : t.bars.PriceAtMinuteStart(minute);
    };
    const double entry = t.bars.PriceAtMinuteStart(m);
    for (size_t h = 0; h < horizons_.size(); ++h) {
      double p = kNaN;
      switch (horizons_[h].kind) {
        case HorizonKind::kDuration:
          p = price_after(horizons_[h].duration);
          break;
        case HorizonKind::kSessionClose:
          if (news > close_ts) p = close_price;
          break;
        case HorizonKind::kNextClose:
          break;  // the baseline stays within the session
      }
      if (!std::isnan(p)) base.returns[h].push_back(o.ReturnFrom(entry, p));
    }
    const int64_t hour_end = MinuteOf(t.clock.Add(at, kExcursionWindow) + kNanosPerMinute - 1);
    double high = 0, low = 0;
    if (clean_until(hour_end) && t.bars.Range(m, hour_end, &high, &low)) {
      const double up = o.ReturnFrom(entry, high), down = o.ReturnFrom(entry, low);
      base.mfe_1h.push_back(std::max(0.0, std::max(up, down)));
      base.mae_1h.push_back(std::min(0.0, std::min(up, down)));
    }
    for (int i = 0; i < EventStudy::kPoints; ++i) {
      const int offset = EventStudy::Offset(i);
      double p = entry;
      if (offset > 0) {
        p = price_after(offset * kNanosPerMinute);
        if (std::isnan(p)) break;  // news: this and every later point are dropped
      } else if (offset < 0) {
        p = t.bars.PriceAtMinuteStart(MinuteBefore(t, at, -offset));
      }
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
        ResolveNextClose(o);
      }
      o.state = SignalOutcome::State::kDone;
    }
    t->pending.clear();
  }
  // next_close abnormal returns, now that every benchmark's sessions have ended. The per-minute
  // alpha is left out: it does not carry across the night.
  for (SignalOutcome& o : outcomes_) {
    for (size_t h : next_close_) {
      if (std::isnan(o.returns[h])) continue;
      if (o.model == AbnormalModel::kRaw) {
        o.abnormal[h] = o.returns[h];
        continue;
      }
      auto it = trails_.find(o.benchmark);
      if (it == trails_.end()) continue;
      auto close = it->second->closes.find(o.next_day);
      if (close == it->second->closes.end()) continue;
      o.abnormal[h] = o.returns[h] - o.sign() * o.beta * (close->second / o.bench_entry_price - 1);
    }
  }
}

}  // namespace tripline::evaluation
