#include "engine/cli/flags.h"

#include "absl/strings/str_cat.h"

namespace tripline::cli {

absl::StatusOr<Flags> Flags::Parse(const std::vector<std::string>& args,
                                   const std::set<std::string>& known) {
  Flags flags;
  std::vector<std::string>* current = nullptr;
  for (const std::string& arg : args) {
    if (arg.size() > 2 && arg.compare(0, 2, "--") == 0) {
      std::string name = arg.substr(2);
      std::string value;
      const size_t eq = name.find('=');
      const bool inline_value = eq != std::string::npos;
      if (inline_value) {
        value = name.substr(eq + 1);
        name.resize(eq);
      }
      if (known.count(name) == 0) {
        return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name));
      }
      current = &flags.values_[name];
      if (inline_value) current->push_back(value);
    } else if (current != nullptr) {
      current->push_back(arg);
    } else {
      flags.positional_.push_back(arg);
    }
  }
  return flags;
}

const std::vector<std::string>& Flags::Values(const std::string& name) const {
  static const std::vector<std::string> kEmpty;
  auto it = values_.find(name);
  return it == values_.end() ? kEmpty : it->second;
}

absl::StatusOr<std::string> Flags::One(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  if (it->second.size() != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("flag --", name, " takes exactly one value, got ", it->second.size()));
  }
  return it->second[0];
}

}  // namespace tripline::cli
