#include "app/evaluation/exchange_calendar.h"

#include <algorithm>

#include "app/evaluation/session_bars.h"
#include "app/evaluation/trading_clock.h"

namespace tripline::evaluation {
namespace {

struct CalendarData {
  std::string_view code;
  int first_year;
  int last_year;
  // Vectors, not initializer_lists: a list member's backing array need not outlive the
  // aggregate's initialization.
  std::vector<int32_t> holidays;      // yyyymmdd, weekdays only
  std::vector<int32_t> early_closes;  // yyyymmdd
};

const CalendarData kCalendars[] = {
#include "app/evaluation/exchange_calendar_data.inc"
};

// Civil date of a day since the epoch (Howard Hinnant's days_from_civil, inverted).
void CivilFromDays(int64_t z, int* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int>(yy + (*m <= 2));
}

int64_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// 0 = Sunday.
int Weekday(int64_t day) { return static_cast<int>(((day % 7) + 11) % 7); }

// The n-th Sunday (1-based) of month m of year y, as a day since the epoch.
int64_t NthSunday(int y, unsigned m, int n) {
  const int64_t first = DaysFromCivil(y, m, 1);
  return first + (7 - Weekday(first)) % 7 + 7 * (n - 1);
}

const CalendarData* DataOf(Exchange e) {
  std::string_view code = e == Exchange::kXnys   ? "XNYS"
                          : e == Exchange::kXhkg ? "XHKG"
                          : e == Exchange::kXshg ? "XSHG"
                                                 : "";
  for (const CalendarData& c : kCalendars) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

bool Contains(const std::vector<int32_t>& list, int32_t v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

EventTime At(int64_t day, int hour, int minute, int utc_offset_hours) {
  return day * kNanosPerDay + (hour - utc_offset_hours) * kNanosPerHour + minute * kNanosPerMinute;
}

}  // namespace

std::optional<Exchange> ParseExchange(std::string_view name) {
  if (name == "XNYS" || name == "XNAS") return Exchange::kXnys;
  if (name == "XHKG") return Exchange::kXhkg;
  if (name == "XSHG") return Exchange::kXshg;
  return std::nullopt;
}

std::string_view ExchangeName(Exchange exchange) {
  switch (exchange) {
    case Exchange::kXnys:
      return "XNYS";
    case Exchange::kXhkg:
      return "XHKG";
    case Exchange::kXshg:
      return "XSHG";
    case Exchange::kNone:
      break;
  }
  return "";
}

bool HolidaysKnown(Exchange exchange, int year) {
  const CalendarData* c = DataOf(exchange);
  return c && year >= c->first_year && year <= c->last_year;
}

std::vector<TradingInterval> TradingIntervals(Exchange exchange, int64_t day) {
  std::vector<TradingInterval> out;
  if (exchange == Exchange::kNone) return out;
  const int wd = Weekday(day);
  if (wd == 0 || wd == 6) return out;
  int y;
  unsigned m, d;
  CivilFromDays(day, &y, &m, &d);
  const int32_t ymd = y * 10000 + static_cast<int32_t>(m * 100 + d);
  bool early = false;
  if (const CalendarData* c = DataOf(exchange)) {
    if (Contains(c->holidays, ymd)) return out;
    early = Contains(c->early_closes, ymd);
  }
  switch (exchange) {
    case Exchange::kXnys: {
      const bool dst = day >= NthSunday(y, 3, 2) && day < NthSunday(y, 11, 1);
      const int offset = dst ? -4 : -5;
      out.push_back({At(day, 9, 30, offset), At(day, early ? 13 : 16, 0, offset)});
      break;
    }
    case Exchange::kXhkg:
      out.push_back({At(day, 9, 30, 8), At(day, 12, 0, 8)});
      if (!early) out.push_back({At(day, 13, 0, 8), At(day, 16, 0, 8)});
      break;
    case Exchange::kXshg:
      out.push_back({At(day, 9, 30, 8), At(day, 11, 30, 8)});
      out.push_back({At(day, 13, 0, 8), At(day, 15, 0, 8)});
      break;
    case Exchange::kNone:
      break;
  }
  return out;
}

std::optional<EventTime> AddTradingTime(Exchange exchange, EventTime t, EventTime d) {
  const TradingClock clock(TradingIntervals(exchange, DayOf(t)));
  if (!clock.Applies(t)) return std::nullopt;
  return clock.Add(t, d);
}

}  // namespace tripline::evaluation
