// JSON output primitives for the encoders: append a JSON string, a number or a time to a
// std::string. Output is deterministic (same input, same bytes; no locale) and always valid
// JSON, because the signal and dead-letter formats are diffed byte for byte and deduped.
//
// Thread-safety: free functions without shared state.
#ifndef TRIPLINE_IO_CODEC_JSON_WRITER_H_
#define TRIPLINE_IO_CODEC_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/event_time.h"
#include "core/json_text.h"  // AppendJsonString, the one escaper

namespace tripline {

// True when `bytes` is valid UTF-8.
bool IsValidUtf8(std::string_view bytes);

// Appends `key` as a JSON string followed by ':'.
void AppendJsonKey(std::string_view key, std::string* out);

// Appends the shortest decimal that reads back as exactly `v` ("101.25", "1e-07"). NaN and
// infinities, which JSON cannot hold, become `null`; -0 becomes 0.
void AppendJsonDouble(double v, std::string* out);

// Appends `v` with exactly `decimals` digits after the point ("0.8500"); `null` if not finite.
void AppendJsonFixed(double v, int decimals, std::string* out);

void AppendJsonInt(int64_t v, std::string* out);

// Appends an RFC 3339 UTC time as a JSON string ("\"2024-09-27T14:05:00Z\"").
void AppendJsonTime(EventTime t, std::string* out);

}  // namespace tripline

#endif  // TRIPLINE_IO_CODEC_JSON_WRITER_H_
