#include "core/signal_text.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace tripline {
namespace {

constexpr const char* kReset = "\x1b[0m";
constexpr const char* kBold = "\x1b[1m";
constexpr const char* kDim = "\x1b[2m";
constexpr const char* kRed = "\x1b[31m";
constexpr const char* kGreen = "\x1b[32m";
constexpr const char* kYellow = "\x1b[33m";
constexpr const char* kMagenta = "\x1b[35m";

const char* DirectionColour(Direction d) {
  switch (d) {
    case Direction::kLong:
      return kGreen;
    case Direction::kShort:
      return kRed;
    case Direction::kWatch:
      return kYellow;
  }
  return kYellow;
}

}  // namespace

void AppendSignalText(const Signal& s, bool colour, std::string* out) {
  const bool retraction = !s.retracts.empty();
  auto paint = [colour](const char* code, std::string_view text) {
    std::string out;
    if (colour) out.append(code);
    out.append(text);
    if (colour) out.append(kReset);
    return out;
  };
  // Widths are padded before colouring, so columns line up with and without colour.
  std::string label = retraction ? "RETRACT" : "SIGNAL";
  std::string direction = absl::StrFormat("%-5s", DirectionName(s.direction));
  std::string instrument = absl::StrFormat("%-10s", s.instrument);
  std::string severity = absl::StrFormat("%-8s", s.severity);
  absl::StrAppend(out, "  ", paint(retraction ? kMagenta : kBold, label), " ", FormatRfc3339(s.ts),
                  "  ", paint(DirectionColour(s.direction), direction), " ",
                  paint(kBold, instrument), " ", absl::StrFormat("score %.2f", s.score), "  ",
                  severity, " rule ", s.rule, "\n");
  std::string detail = s.explanation;
  if (retraction)
    detail = absl::StrCat("withdraws ", s.retracts, detail.empty() ? "" : ": ", detail);
  if (!detail.empty()) absl::StrAppend(out, "         ", paint(kDim, detail), "\n");
}

}  // namespace tripline
