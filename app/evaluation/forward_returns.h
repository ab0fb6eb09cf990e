// ForwardReturnTracker: what each signal of a backtest paid, measured on the same replay's
// prices as they stream past, with no look-ahead, in one pass and bounded memory.
//
// - Entry: the first trade or quote of the signal's instrument that the replay delivers after the
//   signal was emitted and whose event time is at or after the signal's event time. (A price the
//   engine had seen before the signal existed is never an entry.)
// - A horizon's price is the last tick at or before entry + horizon within the entry's session;
//   a horizon past the session's last tick takes that tick (held to the close).
// - Session close: the last tick of the entry's session; next close: the last tick of the next
//   session with ticks. A session is one UTC calendar day (docs/evaluation.md, "Sessions").
// - Excursions: the highest and lowest direction-adjusted return of the ticks within 1 h of entry.
// - Time: with an exchange calendar (SetExchanges), every span (horizons, the excursion hour,
//   the event study's grid, the estimation window, the baseline's horizons and headline windows)
//   is trading time on the instrument's TradingClock, so all of them skip the same closed hours
//   and stop at the same close; without one, or outside the hours, wall-clock time.
// - Returns are direction-adjusted fractions (short: minus the move); `watch` signals get the raw
//   move and are left out of hit rates.
// - The event-study path and the baseline (random times of the same instrument's same session,
//   seeded, the signal's direction, away from every headline window: see AddHeadline) are read
//   from the session's one-minute bars when the session ends, so they have one-minute
//   resolution; a point or horizon held at the exchange's close takes the close's tick.
// - Abnormal returns: against the instrument's benchmark (SetBenchmarks), by the market model
//   fitted on the minutes before the first headline when there are enough of them, else
//   benchmark-adjusted, else raw (no benchmark price); also read from minute bars at the
//   session's end (the benchmark's bars of the same day are kept one session longer for that).
//
// Memory: per instrument the rules can signal on, one session of minute bars; per signal, its
// figures. Nothing grows with the number of ticks.
// Thread-safety: one thread (the replay's).
#ifndef TRIPLINE_APP_EVALUATION_FORWARD_RETURNS_H_
#define TRIPLINE_APP_EVALUATION_FORWARD_RETURNS_H_

#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "app/evaluation/event_study.h"
#include "app/evaluation/exchange_calendar.h"
#include "app/evaluation/session_bars.h"
#include "app/evaluation/trading_clock.h"
#include "core/events.h"
#include "core/signal.h"

namespace tripline::evaluation {

enum class HorizonKind : uint8_t { kDuration, kSessionClose, kNextClose };

struct Horizon {
  std::string name;  // as written: "5m", "1h", "close", "next_close"
  HorizonKind kind = HorizonKind::kDuration;
  EventTime duration = 0;
};

inline constexpr std::string_view kDefaultHorizons = "1m,5m,15m,1h,4h,close,next_close";

// Parses a comma-separated horizon list ("1m,5m,1h,close,next_close"). InvalidArgument naming
// the bad item for an unknown word, a non-positive duration or a repeat.
absl::StatusOr<std::vector<Horizon>> ParseHorizons(std::string_view list);

// How a signal's abnormal return was computed (docs/evaluation.md, "Abnormal returns").
enum class AbnormalModel : uint8_t {
  kRaw,                // no benchmark, or none priced at the entry: the raw return
  kBenchmarkAdjusted,  // r_i - r_b: too few minutes before the event to fit a model
  kMarketModel,        // r_i - (alpha * minutes + beta * r_b), OLS on the minutes before the event
};
std::string_view AbnormalModelName(AbnormalModel model);

// The figures of one signal. Returns are fractions (0.01 = 1%); NaN when not measurable (no
// entry tick, no next session in the recording).
struct SignalOutcome {
  int pack = 0;  // 0: --rules (the candidate); 1: --baseline-rules
  std::string signal_id;
  std::string rule;
  std::string instrument;
  Direction direction = Direction::kWatch;
  double score = 0;
  uint32_t count = 1;
  EventTime signal_ts = 0;
  EventTime first_headline_ts = kNoTime;  // kNoTime for a signal without headline evidence
  std::vector<HeadlineEvidence> headlines;
  std::string evidence;  // headline ids and the price move's ends, to compare packs
  EventTime entry_ts = kNoTime;
  double entry_price = 0;
  std::vector<double> returns;  // one per horizon, in the order given
  double mfe_1h = 0;            // maximum favourable excursion within 1 h (>= 0)
  double mae_1h = 0;            // maximum adverse excursion within 1 h (<= 0)
  // Abnormal returns: direction-adjusted cumulative abnormal return per horizon (NaN when not
  // measurable), the model behind them and its parameters (per minute).
  std::string benchmark;  // the instrument's benchmark; empty without one
  AbnormalModel model = AbnormalModel::kRaw;
  double alpha = 0;
  double beta = 0;
  size_t estimation_returns = 0;  // minute returns in the estimation window
  // Standard deviation of one minute's abnormal return in the estimation window, the scale of
  // the Boehmer-Musumeci-Poulsen test; NaN with fewer than kMinEstimationReturns minutes.
  double resid_sd = 0;
  double bench_entry_price = 0;  // the benchmark as of the entry's minute; NaN unpriced
  std::vector<double> abnormal;
  // The standard deviation of each horizon's abnormal return under the model (resid_sd times
  // the square root of the minutes held); NaN when unknown.
  std::vector<double> abnormal_scale;
  // Retraction: when a later signal withdrew this one (kNoTime if none), and the first tick at or
  // after it within the entry's session, where a strategy following the signals unwinds.
  EventTime retract_ts = kNoTime;
  EventTime unwind_ts = kNoTime;
  double unwind_price = 0;
  EventTime session_last_ts = kNoTime;  // the entry session's close tick
  // Per horizon, when it ends: entry + duration in trading time (calendar) or wall-clock time,
  // and the close tick's time for `close`. Set at entry.
  std::vector<EventTime> ends;
  EventTime excursion_end = kNoTime;  // entry + 1 h, in trading time as the horizons
  // Half the quoted spread as a fraction of the mid, as of the entry tick, each horizon's exit
  // tick and the unwind's: the latest quote (bid and ask) of the instrument's session at or
  // before that tick; NaN where the session recorded none. The cost per side (costs.h).
  double entry_half_spread = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> exit_half_spread;
  double unwind_half_spread = std::numeric_limits<double>::quiet_NaN();

  bool entered() const { return entry_ts != kNoTime; }
  bool directional() const { return direction != Direction::kWatch; }
  double sign() const { return direction == Direction::kShort ? -1.0 : 1.0; }
  // The direction-adjusted return from `entry` to `price`, the one formula behind every
  // return, excursion, event-study point and baseline draw (a short gains when price falls).
  double ReturnFrom(double entry, double price) const { return sign() * (price / entry - 1); }
  // The return from this signal's entry to `price`.
  double ReturnAt(double price) const { return ReturnFrom(entry_price, price); }

  // Tracking state, not a figure.
  enum class State : uint8_t { kAwaitingEntry, kIntraday, kNextSession, kDone };
  State state = State::kAwaitingEntry;
  int64_t next_day = INT64_MIN;
  double next_close_price = 0;  // the next session's last tick at or before its exchange close
  bool next_close_seen = false;
  double next_last_price = 0;  // its last tick (the close when none is before the exchange's)
  double next_close_half_spread = std::numeric_limits<double>::quiet_NaN();
  double next_last_half_spread = std::numeric_limits<double>::quiet_NaN();
  size_t next_duration = 0;  // index into the tracker's ascending durations
};

// Random-time baseline returns of one rule's signals (their instruments, sessions and
// directions), one vector per horizon, and its event-study path.
struct BaselineSamples {
  std::vector<std::vector<double>> returns;
  std::vector<int64_t> draw_minutes;  // every draw's minute since the epoch (for the tests)
  std::vector<double> mfe_1h;
  std::vector<double> mae_1h;
  EventStudy path;
};

// How an instrument's exchange calendar met its ticks (summary.json's `calendars`).
struct CalendarUse {
  std::string instrument;
  Exchange exchange = Exchange::kNone;
  uint64_t ticks = 0;
  uint64_t outside_hours = 0;  // on a closed day, before the open, in a break or after the close
  bool holidays_known = true;  // false when some tick's year has no holiday table
};

// One instrument's session with signals, as minute closes, for the report's price charts.
struct PriceSeries {
  std::string instrument;
  int64_t day = 0;
  std::vector<std::pair<int64_t, double>> minute_closes;  // (minute since epoch, last price)
};

class ForwardReturnTracker {
 public:
  // `instruments`: the ones the packs can signal on (CompiledRules::watched_instruments()); bars
  // are kept for them (a signal on another instrument starts tracking it at that point).
  // `baseline_draws`: random times per signal. `max_charts`: price series kept for the report.
  ForwardReturnTracker(std::vector<Horizon> horizons, const std::vector<std::string>& instruments,
                       uint64_t seed, int baseline_draws = 20, size_t max_charts = 24);
  ForwardReturnTracker(const ForwardReturnTracker&) = delete;
  ForwardReturnTracker& operator=(const ForwardReturnTracker&) = delete;

  // The benchmark of each instrument (`CompiledRules::BenchmarkOf`), before the replay: their
  // prices are tracked too, for the abnormal returns.
  void SetBenchmarks(const std::vector<std::pair<std::string, std::string>>& benchmarks);
  // The exchange of each instrument (entities.yaml `exchange:`), before the replay: duration
  // horizons then count trading time (breaks skipped, capped at the close) and `close` is the
  // last tick at or before the exchange's close. A tick outside the calendar's hours is still a
  // price (a pre-market trade, or a recording the calendar does not match) and is counted;
  // an entry outside them counts its horizons from the next open that day, or in wall-clock
  // time after the close or on a closed day.
  void SetExchanges(const std::vector<std::pair<std::string, Exchange>>& exchanges);
  // Per instrument with an exchange, sorted by instrument.
  std::vector<CalendarUse> calendar_use() const;
  // A headline of the packs' families (one that names a pack's entity and matched a phrase
  // some rule uses), in replay
  // order: the baseline stays away from it. A signal's own headlines are added by AddSignal.
  void AddHeadline(EventTime ts);
  // The clean baseline: no time is drawn within kBaselineBefore before a headline (news leaks
  // and drifts ahead of it) or kBaselineAfter after it (the reaction, as long as the
  // excursions'); and a draw's horizon (or event-study point, or excursion hour) that would
  // reach the next headline is dropped, so no baseline figure spans news. A headline while the
  // instrument's exchange was closed counts at the session's first tick.
  static constexpr EventTime kBaselineBefore = 30 * kNanosPerMinute;
  static constexpr EventTime kBaselineAfter = kNanosPerHour;
  // Abnormal returns: the market model is fitted on the kEstimationMinutes minutes before the
  // signal's first headline (the event excluded; trading minutes with a calendar), when at
  // least kMinEstimationReturns minute returns of both the instrument and the benchmark are
  // there.
  static constexpr int kEstimationMinutes = 120;
  static constexpr size_t kMinEstimationReturns = 30;

  // A signal of pack `pack`, as the engine emits it (before the price that follows is seen).
  // Retractions are counted, not evaluated; they mark the signal they withdraw (its unwind).
  void AddSignal(const Signal& signal, int pack);
  // Every price event of the replay, in replay order, after the engine handled it.
  void OnPrice(const PriceTick& tick);
  // End of the replay: closes the open sessions.
  void Finish();

  const std::vector<Horizon>& horizons() const { return horizons_; }
  const std::vector<SignalOutcome>& outcomes() const { return outcomes_; }
  // By (pack, rule), in that order.
  const std::map<std::pair<int, std::string>, EventStudy>& event_studies() const {
    return studies_;
  }
  // The event study of the abnormal returns, by (pack, rule).
  const std::map<std::pair<int, std::string>, EventStudy>& abnormal_studies() const {
    return abnormal_studies_;
  }
  const std::map<std::pair<int, std::string>, BaselineSamples>& baselines() const {
    return baselines_;
  }
  const std::vector<PriceSeries>& charts() const { return charts_; }
  size_t charts_left_out() const { return charts_left_out_; }
  uint64_t retractions(int pack) const { return pack == 0 ? retractions_[0] : retractions_[1]; }
  int baseline_draws() const { return baseline_draws_; }

 private:
  struct Trail {
    std::string instrument;
    bool has_day = false;
    int64_t day = 0;
    EventTime last_ts = INT64_MIN;
    double last_price = 0;
    // Half the spread of the session's latest quote as of the last tick (NaN: none yet today).
    double half_spread = std::numeric_limits<double>::quiet_NaN();
    SessionBars bars;
    // The exchange calendar, when known: today's clock (the wall clock without one), and the
    // last tick at or before the exchange's close.
    Exchange exchange = Exchange::kNone;
    TradingClock clock;
    EventTime close_ts = kNoTime;
    double close_price = 0;
    double close_half_spread = std::numeric_limits<double>::quiet_NaN();
    uint64_t ticks = 0, outside_hours = 0;
    bool holidays_known = true;
    // The previous session's bars, kept until the next session ends: an instrument's session
    // may end after its benchmark's next one began, and its abnormal returns read the
    // benchmark's bars of the same day.
    bool has_prev = false;
    int64_t prev_day = 0;
    EventTime prev_close_ts = INT64_MIN;  // the previous session's close (SessionClose)
    SessionBars prev_bars;
    std::map<int64_t, double> closes;  // day -> last price, for next_close abnormal returns
    std::vector<uint32_t> pending;     // outcome indices, in signal order
  };

  Trail& TrailFor(std::string_view instrument);
  // The close of `t`'s current session: the last tick at or before the exchange's close, else
  // (no calendar, or no tick before it) the session's last tick.
  static std::pair<EventTime, double> SessionClose(const Trail& t);
  // Half the spread as of that close.
  static double SessionCloseHalfSpread(const Trail& t);
  // The next_close horizons of `o`, from the next session's close.
  void ResolveNextClose(SignalOutcome& o) const;
  // The instrument's price `minutes` (>= 0) of trading time after `from` on the event study's
  // grid: as of the end of that minute, or the close's tick where the span is held at the close.
  static double PriceAfter(const Trail& t, EventTime from, int minutes);
  // The minute whose start `minutes` of trading time before `from` is (the pre-event grid).
  static int64_t MinuteBefore(const Trail& t, EventTime from, int minutes);
  // `half_spread`: the tick's quote's, NaN when it records none.
  void OnTrailTick(Trail& t, EventTime ts, double price, double half_spread);
  // The session of `t` ended (a later day's tick, or the end of the replay): resolves what it
  // decides, reads paths and baselines from its bars, then clears them.
  void CloseSession(Trail& t);
  void AddBaseline(const Trail& t, const SignalOutcome& o, size_t outcome_index,
                   const std::vector<int64_t>& clean_minutes);
  // The minutes of `t`'s session a baseline time may be drawn at (away from every headline).
  std::vector<int64_t> CleanMinutes(const Trail& t);
  // The bars of `instrument`'s session on `day`, or null.
  const SessionBars* BarsOf(std::string_view instrument, int64_t day) const;
  // Fits the model and fills the intraday abnormal returns of `o`, and its abnormal path.
  void AddAbnormal(const Trail& t, SignalOutcome& o);

  std::vector<Horizon> horizons_;
  std::vector<size_t> durations_;  // indices of kDuration horizons, ascending by duration
  std::vector<size_t> session_close_;
  std::vector<size_t> next_close_;
  uint64_t seed_;
  int baseline_draws_;
  size_t max_charts_;
  absl::flat_hash_map<std::string, std::unique_ptr<Trail>> trails_;
  std::vector<SignalOutcome> outcomes_;
  std::map<std::pair<int, std::string>, EventStudy> studies_;
  std::map<std::pair<int, std::string>, EventStudy> abnormal_studies_;
  std::map<std::pair<int, std::string>, BaselineSamples> baselines_;
  absl::flat_hash_map<std::string, std::string> benchmarks_;
  absl::flat_hash_map<std::string, Exchange> exchanges_;
  std::vector<EventTime> headlines_;  // sorted before use
  bool headlines_sorted_ = true;
  std::vector<PriceSeries> charts_;
  size_t charts_left_out_ = 0;
  uint64_t retractions_[2] = {0, 0};
  absl::flat_hash_map<std::string, uint32_t> by_id_[2];  // signal id -> outcome, per pack
};

}  // namespace tripline::evaluation

#endif  // TRIPLINE_APP_EVALUATION_FORWARD_RETURNS_H_
