// Event time: one integer type of nanoseconds since the Unix epoch, used for every timestamp
// Tripline handles (`ts`, `recv_ts`, window edges). Inputs carry either that integer or an
// RFC 3339 string; both are converted here.
//
// Thread-safety: free functions without shared state; safe from any thread.
#ifndef TRIPLINE_CORE_EVENT_TIME_H_
#define TRIPLINE_CORE_EVENT_TIME_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace tripline {

// Nanoseconds since 1970-01-01T00:00:00Z. Signed so that differences are plain subtraction.
using EventTime = int64_t;

inline constexpr EventTime kNanosPerSecond = 1'000'000'000;
inline constexpr EventTime kNanosPerMinute = 60 * kNanosPerSecond;
inline constexpr EventTime kNanosPerHour = 60 * kNanosPerMinute;
// Marks an absent optional time (e.g. no `recv_ts`).
inline constexpr EventTime kNoTime = INT64_MIN;

// Parses an RFC 3339 date-time ("2024-09-27T14:05:00Z", "2024-09-27T14:05:00.123456789+08:00").
// Lower-case 't'/'z' and a space separator are accepted as RFC 3339 allows. Returns false (and
// leaves *out untouched) on anything else, including out-of-range fields. Never allocates.
bool ParseRfc3339(std::string_view text, EventTime* out);

// Appends `t` as RFC 3339 in UTC with nanosecond precision trimmed of trailing zeros
// ("2024-09-27T14:05:00Z", "2024-09-27T14:05:00.5Z").
void AppendRfc3339(EventTime t, std::string* out);
std::string FormatRfc3339(EventTime t);

// Parses a duration such as "90s", "60m", "1h", "2h30m", "500ms", "1d". Returns false on error.
bool ParseDuration(std::string_view text, EventTime* out);
// Formats a duration the way ParseDuration reads it ("60m", "1h", "90s").
std::string FormatDuration(EventTime d);

}  // namespace tripline

#endif  // TRIPLINE_CORE_EVENT_TIME_H_
