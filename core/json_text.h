// The one JSON string escaper. Every JSON the process writes (signals, dead letters, logs,
// summary.json, the admin pages) quotes its strings here, so the rules for control
// characters and invalid UTF-8 cannot drift apart between writers. It lives in core because
// the logger, the lowest user, may depend on nothing else.
//
// Thread-safety: a free function without shared state.
#ifndef TRIPLINE_CORE_JSON_TEXT_H_
#define TRIPLINE_CORE_JSON_TEXT_H_

#include <string>
#include <string_view>

namespace tripline {

// Appends `s` as a quoted JSON string. Escapes `"`, `\` and control characters (as \n, \t, ...
// or \u00XX); valid UTF-8 is copied unchanged. Each byte that does not start a valid UTF-8
// sequence (stray continuation bytes, truncated, overlong or surrogate forms, code points
// above U+10FFFF) becomes the escape \ufffd, so the output is always valid JSON whatever the
// input. Allocates only by growing `out`.
void AppendJsonString(std::string_view s, std::string* out);

}  // namespace tripline

#endif  // TRIPLINE_CORE_JSON_TEXT_H_
