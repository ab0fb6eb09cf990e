#include "core/event_time.h"

#include <charconv>

namespace tripline {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `n` digits at text[*pos].
bool Digits(std::string_view text, size_t* pos, int n, int64_t* out) {
  if (*pos + n > text.size()) return false;
  int64_t v = 0;
  for (int i = 0; i < n; ++i) {
    const char c = text[*pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *pos += n;
  *out = v;
  return true;
}

bool Expect(std::string_view text, size_t* pos, char a, char b = 0) {
  if (*pos >= text.size()) return false;
  const char c = text[*pos];
  if (c != a && (b == 0 || c != b)) return false;
  ++*pos;
  return true;
}

// Two ASCII digits at p, or -1.
inline int Two(const char* p) {
  const unsigned a = static_cast<unsigned>(p[0] - '0');
  const unsigned b = static_cast<unsigned>(p[1] - '0');
  return a < 10 && b < 10 ? static_cast<int>(a * 10 + b) : -1;
}

// The form nearly every feed sends, "YYYY-MM-DDTHH:MM:SSZ": parsed without the general path's
// per-field bookkeeping (it is a measurable share of decoding a price tick). Returns false
// when `text` is not exactly that form, leaving the general parser to decide.
bool ParseCompactUtc(std::string_view text, EventTime* out) {
  if (text.size() != 20) return false;
  const char* p = text.data();
  if (p[4] != '-' || p[7] != '-' || (p[10] != 'T' && p[10] != 't' && p[10] != ' ') ||
      p[13] != ':' || p[16] != ':' || (p[19] != 'Z' && p[19] != 'z')) {
    return false;
  }
  const int y1 = Two(p), y2 = Two(p + 2), month = Two(p + 5), day = Two(p + 8), hour = Two(p + 11),
            minute = Two(p + 14), second = Two(p + 17);
  if ((y1 | y2 | month | day | hour | minute | second) < 0) return false;
  const int64_t year = y1 * 100 + y2;
  if (month < 1 || month > 12 || day < 1 ||
      day > static_cast<int>(DaysInMonth(year, static_cast<unsigned>(month))) || hour > 23 ||
      minute > 59 || second > 60) {
    return false;
  }
  const int64_t days =
      DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  *out = (days * 86400 + hour * 3600 + minute * 60 + second) * kNanosPerSecond;
  return true;
}

}  // namespace

bool ParseRfc3339(std::string_view text, EventTime* out) {
  if (ParseCompactUtc(text, out)) return true;
  size_t pos = 0;
  int64_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!Digits(text, &pos, 4, &year) || !Expect(text, &pos, '-') || !Digits(text, &pos, 2, &month) ||
      !Expect(text, &pos, '-') || !Digits(text, &pos, 2, &day)) {
    return false;
  }
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')) {
    return false;
  }
  ++pos;
  if (!Digits(text, &pos, 2, &hour) || !Expect(text, &pos, ':') ||
      !Digits(text, &pos, 2, &minute) || !Expect(text, &pos, ':') ||
      !Digits(text, &pos, 2, &second)) {
    return false;
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 ||
      minute > 59 || second > 60) {
    return false;
  }
  int64_t nanos = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 9) nanos = nanos * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return false;
    for (int i = digits; i < 9; ++i) nanos *= 10;
  }
  int64_t offset_seconds = 0;
  if (pos >= text.size()) return false;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    const int64_t sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int64_t oh, om;
    if (!Digits(text, &pos, 2, &oh) || !Expect(text, &pos, ':') || !Digits(text, &pos, 2, &om) ||
        oh > 23 || om > 59) {
      return false;
    }
    offset_seconds = sign * (oh * 3600 + om * 60);
  } else {
    return false;
  }
  if (pos != text.size()) return false;
  // A leap second (:60) folds onto the next second, as Unix time does.
  const int64_t days =
      DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
  *out = seconds * kNanosPerSecond + nanos;
  return true;
}

void AppendRfc3339(EventTime t, std::string* out) {
  int64_t seconds = t / kNanosPerSecond;
  int64_t nanos = t % kNanosPerSecond;
  if (nanos < 0) {
    nanos += kNanosPerSecond;
    seconds -= 1;
  }
  int64_t days = seconds / 86400;
  int64_t rem = seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    days -= 1;
  }
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[48];
  int n = snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld",
                   static_cast<long long>(y), m, d, static_cast<long long>(rem / 3600),
                   static_cast<long long>(rem / 60 % 60), static_cast<long long>(rem % 60));
  out->append(buf, n);
  if (nanos != 0) {
    char frac[11];
    snprintf(frac, sizeof frac, ".%09lld", static_cast<long long>(nanos));
    int len = 10;
    while (frac[len - 1] == '0') --len;
    out->append(frac, len);
  }
  out->push_back('Z');
}

std::string FormatRfc3339(EventTime t) {
  std::string s;
  AppendRfc3339(t, &s);
  return s;
}

bool ParseDuration(std::string_view text, EventTime* out) {
  if (text.empty()) return false;
  EventTime total = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    int64_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + text.size(), value);
    if (ec != std::errc() || value < 0) return false;
    pos = ptr - text.data();
    EventTime unit;
    if (text.substr(pos, 2) == "ms") {
      unit = 1'000'000;
      pos += 2;
    } else if (pos < text.size() && text[pos] == 's') {
      unit = kNanosPerSecond;
      ++pos;
    } else if (pos < text.size() && text[pos] == 'm') {
      unit = kNanosPerMinute;
      ++pos;
    } else if (pos < text.size() && text[pos] == 'h') {
      unit = kNanosPerHour;
      ++pos;
    } else if (pos < text.size() && text[pos] == 'd') {
      unit = 24 * kNanosPerHour;
      ++pos;
    } else {
      return false;
    }
    if (value > INT64_MAX / unit / 2) return false;
    total += value * unit;
  }
  *out = total;
  return true;
}

std::string FormatDuration(EventTime d) {
  if (d % kNanosPerHour == 0) return std::to_string(d / kNanosPerHour) + "h";
  if (d % kNanosPerMinute == 0) return std::to_string(d / kNanosPerMinute) + "m";
  if (d % kNanosPerSecond == 0) return std::to_string(d / kNanosPerSecond) + "s";
  return std::to_string(d / 1'000'000) + "ms";
}

}  // namespace tripline
