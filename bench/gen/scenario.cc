#include "bench/gen/scenario.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace tripline::gen {
namespace {

bool ParseTimeOfDay(const std::string& text, EventTime* out) {
  std::vector<std::string> parts = absl::StrSplit(text, ':');
  if (parts.size() < 2 || parts.size() > 3) return false;
  int v[3] = {0, 0, 0};
  for (size_t i = 0; i < parts.size(); ++i) {
    if (!absl::SimpleAtoi(parts[i], &v[i]) || v[i] < 0) return false;
  }
  if (v[0] > 23 || v[1] > 59 || v[2] > 59) return false;
  *out = v[0] * kNanosPerHour + v[1] * kNanosPerMinute + v[2] * kNanosPerSecond;
  return true;
}

absl::Status Bad(std::string_view file, const std::string& story, const std::string& what) {
  return absl::InvalidArgumentError(
      absl::StrCat(std::string(file), ": story '", story, "': ", what));
}

absl::Status ReadDuration(std::string_view file, const std::string& story, const YAML::Node& n,
                          const char* key, EventTime* out) {
  if (!n[key]) return absl::OkStatus();
  // A leading '-' puts a move before its story's first headline (a leak).
  std::string text = n[key].IsScalar() ? n[key].Scalar() : "";
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) text.erase(0, 1);
  if (text.empty() || !ParseDuration(text, out)) {
    return Bad(file, story, absl::StrCat("'", key, "' is not a duration (e.g. 90s, 2m, -15m)"));
  }
  if (negative) *out = -*out;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Scenario> ParseScenario(std::string_view yaml, std::string_view name) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(name), ": ", e.what()));
  }
  const YAML::Node stories = root["stories"];
  if (!stories || !stories.IsSequence()) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(name), ": expected a list under 'stories'"));
  }
  Scenario scenario;
  for (const YAML::Node& s : stories) {
    Story story;
    story.name = s["name"] && s["name"].IsScalar() ? s["name"].Scalar()
                                                   : absl::StrCat("#", scenario.stories.size());
    if (!s["at"] || !s["at"].IsScalar() || !ParseTimeOfDay(s["at"].Scalar(), &story.at)) {
      return Bad(name, story.name, "'at' must be a time of day HH:MM[:SS]");
    }
    if (!s["instrument"] || !s["instrument"].IsScalar()) {
      return Bad(name, story.name, "'instrument' is required");
    }
    story.instrument = s["instrument"].Scalar();
    if (const YAML::Node hs = s["headlines"]) {
      if (!hs.IsSequence()) return Bad(name, story.name, "'headlines' must be a list");
      for (const YAML::Node& h : hs) {
        ScriptedHeadline sh;
        if (!h["text"] || !h["text"].IsScalar() || !h["source"] || !h["source"].IsScalar()) {
          return Bad(name, story.name, "each headline needs 'source' and 'text'");
        }
        sh.text = h["text"].Scalar();
        sh.source = h["source"].Scalar();
        if (auto st = ReadDuration(name, story.name, h, "after", &sh.after); !st.ok()) return st;
        story.headlines.push_back(std::move(sh));
      }
    }
    if (const YAML::Node m = s["move"]) {
      ScriptedMove mv;
      if (!m["size"] || !m["size"].IsScalar() || !absl::SimpleAtod(m["size"].Scalar(), &mv.size) ||
          mv.size <= -0.9 || mv.size >= 5) {
        return Bad(name, story.name, "'move.size' must be a fraction such as -0.039");
      }
      mv.over = kNanosPerMinute;
      if (auto st = ReadDuration(name, story.name, m, "after", &mv.after); !st.ok()) return st;
      if (auto st = ReadDuration(name, story.name, m, "over", &mv.over); !st.ok()) return st;
      if (mv.over <= 0) return Bad(name, story.name, "'move.over' must be positive");
      story.move = mv;
    }
    if (story.headlines.empty() && !story.move) {
      return Bad(name, story.name, "a story needs headlines or a move");
    }
    scenario.stories.push_back(std::move(story));
  }
  return scenario;
}

absl::StatusOr<Scenario> LoadScenario(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read scenario ", path));
  std::stringstream buf;
  buf << in.rdbuf();
  return ParseScenario(buf.str(), path);
}

}  // namespace tripline::gen
