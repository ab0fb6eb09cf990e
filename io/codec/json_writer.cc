#include "io/codec/json_writer.h"

#include <simdjson.h>

#include <charconv>
#include <cmath>

namespace tripline {

bool IsValidUtf8(std::string_view bytes) {
  return simdjson::validate_utf8(bytes.data(), bytes.size());
}

void AppendJsonKey(std::string_view key, std::string* out) {
  AppendJsonString(key, out);
  out->push_back(':');
}

void AppendJsonDouble(double v, std::string* out) {
  if (!std::isfinite(v)) {
    out->append("null");
    return;
  }
  if (v == 0) v = 0;  // folds -0 onto 0
  char buf[32];
  const auto result = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, result.ptr);
}

void AppendJsonFixed(double v, int decimals, std::string* out) {
  if (!std::isfinite(v)) {
    out->append("null");
    return;
  }
  char buf[400];  // room for 1e308 with its decimals
  const auto result = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  if (result.ec != std::errc()) {
    out->append("null");
    return;
  }
  std::string_view text(buf, result.ptr - buf);
  // "-0.0000" would differ from "0.0000" for values that round to zero.
  if (text.size() > 1 && text[0] == '-' &&
      text.find_first_not_of("-0.") == std::string_view::npos) {
    text.remove_prefix(1);
  }
  out->append(text);
}

void AppendJsonInt(int64_t v, std::string* out) {
  char buf[24];
  const auto result = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, result.ptr);
}

void AppendJsonTime(EventTime t, std::string* out) {
  out->push_back('"');
  AppendRfc3339(t, out);
  out->push_back('"');
}

}  // namespace tripline
