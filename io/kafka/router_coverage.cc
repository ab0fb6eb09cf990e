#include "io/kafka/router_coverage.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace tripline {
namespace {

void AppendList(std::string_view name, const std::vector<int64_t>& values, std::string* out) {
  absl::StrAppend(out, absl::string_view(name.data(), name.size()), "=");
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out->push_back(',');
    absl::StrAppend(out, values[i]);
  }
}

// Parses "NAME=V,V,..." (at least one value) into `values`.
bool ParseList(std::string_view text, std::string_view name, std::vector<int64_t>* values) {
  if (text.size() <= name.size() || text.substr(0, name.size()) != name ||
      text[name.size()] != '=') {
    return false;
  }
  text.remove_prefix(name.size() + 1);
  for (;;) {
    const size_t comma = text.find(',');
    int64_t v = 0;
    if (!absl::SimpleAtoi(
            absl::string_view(text.data(), comma == std::string_view::npos ? text.size() : comma),
            &v)) {
      return false;
    }
    values->push_back(v);
    if (comma == std::string_view::npos) return true;
    text.remove_prefix(comma + 1);
  }
}

}  // namespace

void RouterCoverage::AppendText(std::string* out) const {
  AppendList("prices", prices_end, out);
  out->push_back(';');
  AppendList("input", input_end, out);
}

bool RouterCoverage::Parse(std::string_view text) {
  Clear();
  const size_t semi = text.find(';');
  if (semi == std::string_view::npos || !ParseList(text.substr(0, semi), "prices", &prices_end) ||
      !ParseList(text.substr(semi + 1), "input", &input_end)) {
    Clear();
    return false;
  }
  return true;
}

}  // namespace tripline
