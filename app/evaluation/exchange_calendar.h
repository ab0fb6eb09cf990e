// Exchange calendars: the trading hours, lunch breaks, weekends, holidays and early closes of
// the exchanges the packs trade, so that horizons count trading time and "close" is the
// exchange's close (docs/evaluation.md, "Exchange calendars").
//
// Hours (local time; every session opens and closes within one UTC day, so a session's UTC day
// is its local date):
//   XNYS / XNAS  09:30-16:00 America/New_York (13:00 on early closes); US daylight saving time
//                from the second Sunday of March to the first Sunday of November (since 2007)
//   XHKG         09:30-12:00 and 13:00-16:00 Asia/Hong_Kong, UTC+8 (morning only on half days)
//   XSHG         09:30-11:30 and 13:00-15:00 Asia/Shanghai, UTC+8
// Holidays and early closes: exchange_calendar_data.inc, generated from the `exchange_calendars`
// package (make_exchange_calendars.py) for 2025-2030 (XSHG: 2025-2026, as far as the package
// records; other years know weekends only, and HolidaysKnown says so).
//
// Thread-safety: pure functions over constant tables.
#ifndef TRIPLINE_APP_EVALUATION_EXCHANGE_CALENDAR_H_
#define TRIPLINE_APP_EVALUATION_EXCHANGE_CALENDAR_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/event_time.h"

namespace tripline::evaluation {

enum class Exchange : uint8_t { kNone, kXnys, kXhkg, kXshg };

// "XNYS" and "XNAS" (same hours and holidays), "XHKG", "XSHG"; nullopt for any other name.
std::optional<Exchange> ParseExchange(std::string_view name);
std::string_view ExchangeName(Exchange exchange);

struct TradingInterval {
  EventTime open = 0;
  EventTime close = 0;
};

// The trading intervals of `exchange` on UTC day `day` (days since the epoch), in order; empty
// on a weekend or holiday, or for kNone.
std::vector<TradingInterval> TradingIntervals(Exchange exchange, int64_t day);

// Whether the table has `exchange`'s holidays for `year` (else only weekends are closed).
bool HolidaysKnown(Exchange exchange, int year);

// `t` plus `d` of trading time within t's session: lunch breaks do not count, and the result
// is at most the session's close. A `t` before the open or in the break counts from the next
// open. nullopt when t is not within a trading day's hours up to its close (a weekend, a
// holiday, after the close): the caller then keeps wall-clock time.
std::optional<EventTime> AddTradingTime(Exchange exchange, EventTime t, EventTime d);

}  // namespace tripline::evaluation

#endif  // TRIPLINE_APP_EVALUATION_EXCHANGE_CALENDAR_H_
