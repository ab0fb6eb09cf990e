#include "rules/load_context.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <tuple>

#include "absl/strings/str_cat.h"

namespace tripline {

std::string LocationText(const SourceLocation& loc) {
  return absl::StrCat(loc.file, ":", loc.line, ":", loc.column);
}

SourceLocation LoadContext::Loc(const SourceFile& f, const YAML::Node& n) {
  const YAML::Mark m = n.Mark();
  return SourceLocation{f.path, m.line + 1, m.column + 1};
}

SourceLocation LoadContext::LocIn(const SourceFile& f, const YAML::Node& n, size_t offset) {
  SourceLocation loc = Loc(f, n);
  const std::string& s = n.Scalar();
  if (s.find('\n') == std::string::npos && offset <= s.size()) {
    loc.column += static_cast<int>(offset) + (n.Tag() == "!" ? 1 : 0);
  }
  return loc;
}

void LoadContext::Error(SourceLocation loc, LoadCode code, std::string message,
                        std::string expected) {
  errors_.push_back(LoadDiagnostic{std::move(loc), false, std::string(code.str()),
                                   std::move(message), std::move(expected)});
}

void LoadContext::Warn(SourceLocation loc, LoadCode code, std::string message,
                       std::string expected) {
  warnings_.push_back(LoadDiagnostic{std::move(loc), true, std::string(code.str()),
                                     std::move(message), std::move(expected)});
}

bool LoadContext::Expect(const SourceFile& f, const YAML::Node& n, YAML::NodeType::value type,
                         std::string_view what, std::string_view expected) {
  if (n.Type() == type) return true;
  Error(Loc(f, n), "wrong-type", std::string(what) + " has the wrong type", std::string(expected));
  return false;
}

bool LoadContext::Scalar(const SourceFile& f, const YAML::Node& n, std::string_view what,
                         std::string* out) {
  if (!Expect(f, n, YAML::NodeType::Scalar, what, "a string")) return false;
  *out = n.Scalar();
  return true;
}

bool LoadContext::StringList(const SourceFile& f, const YAML::Node& n, std::string_view what,
                             std::vector<std::string>* out, std::vector<SourceLocation>* locs) {
  if (n.IsScalar()) {  // a single item is accepted for a list
    out->push_back(n.Scalar());
    if (locs) locs->push_back(Loc(f, n));
    return true;
  }
  if (!Expect(f, n, YAML::NodeType::Sequence, what, "a list of strings")) return false;
  bool ok = true;
  for (const YAML::Node& item : n) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      Error(Loc(f, item), "wrong-type",
            std::string("an item of ") + std::string(what) + " is not a non-empty string",
            "a string");
      ok = false;
      continue;
    }
    out->push_back(item.Scalar());
    if (locs) locs->push_back(Loc(f, item));
  }
  return ok;
}

bool LoadContext::Duration(const SourceFile& f, const YAML::Node& n, std::string_view what,
                           EventTime* out) {
  std::string s;
  if (!Scalar(f, n, what, &s)) return false;
  if (!ParseDuration(s, out) || *out <= 0) {
    Error(Loc(f, n), "bad-duration", std::string("bad ") + std::string(what) + " '" + s + "'",
          "a duration such as 60m, 1h, 90s");
    return false;
  }
  return true;
}

bool LoadContext::Number(const SourceFile& f, const YAML::Node& n, std::string_view what,
                         double* out) {
  std::string s;
  if (!Scalar(f, n, what, &s)) return false;
  bool percent = !s.empty() && s.back() == '%';
  std::string body = percent ? s.substr(0, s.size() - 1) : s;
  char* end = nullptr;
  errno = 0;
  double v = strtod(body.c_str(), &end);
  if (body.empty() || end != body.c_str() + body.size() || errno != 0 || !std::isfinite(v)) {
    Error(Loc(f, n), "bad-value", std::string(what) + " is not a number: '" + s + "'",
          "a number such as 0.8 or -3%");
    return false;
  }
  *out = percent ? v / 100 : v;
  return true;
}

bool LoadContext::Bool(const SourceFile& f, const YAML::Node& n, std::string_view what, bool* out) {
  std::string s;
  if (!Scalar(f, n, what, &s)) return false;
  if (s == "true" || s == "on" || s == "yes") {
    *out = true;
  } else if (s == "false" || s == "off" || s == "no") {
    *out = false;
  } else {
    Error(Loc(f, n), "bad-value", std::string(what) + " is not a boolean: '" + s + "'",
          "true or false");
    return false;
  }
  return true;
}

void LoadContext::KnownKeys(const SourceFile& f, const YAML::Node& n, std::string_view what,
                            std::span<const std::string_view> allowed) {
  for (const auto& kv : n) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string list;
      for (std::string_view a : allowed) {
        list += list.empty() ? "" : ", ";
        list += a;
      }
      Error(Loc(f, kv.first), "unknown-key", "unknown key '" + key + "' in " + std::string(what),
            "one of " + list);
    }
  }
}

void LoadContext::SortByLocation() {
  auto by_location = [](const LoadDiagnostic& a, const LoadDiagnostic& b) {
    return std::tie(a.location.file, a.location.line, a.location.column) <
           std::tie(b.location.file, b.location.line, b.location.column);
  };
  std::stable_sort(errors_.begin(), errors_.end(), by_location);
  std::stable_sort(warnings_.begin(), warnings_.end(), by_location);
}

absl::Status LoadContext::ErrorStatus() const {
  std::string msg;
  for (const LoadDiagnostic& e : errors_)
    absl::StrAppend(&msg, msg.empty() ? "" : "\n", e.ToString());
  return absl::InvalidArgumentError(msg);
}

}  // namespace tripline
