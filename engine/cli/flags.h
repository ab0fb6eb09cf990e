// Flags: the command-line parser every `tripline` subcommand uses. A flag is `--name`, with
// zero or more values up to the next `--flag` (`--headlines a.jsonl b.jsonl`), or
// `--name=value`. Words before the first flag are positional. Unknown flags are an error that
// names the flag, so a typo never silently changes what runs.
//
// Thread-safety: plain value.
#ifndef TRIPLINE_ENGINE_CLI_FLAGS_H_
#define TRIPLINE_ENGINE_CLI_FLAGS_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace tripline::cli {

class Flags {
 public:
  // `known`: the flag names (without "--") the command accepts.
  static absl::StatusOr<Flags> Parse(const std::vector<std::string>& args,
                                     const std::set<std::string>& known);

  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  // All values given to `name` (over repeated uses), in order.
  const std::vector<std::string>& Values(const std::string& name) const;
  // The single value of `name`, or `fallback` when absent. Error if given without a value or
  // more than once.
  absl::StatusOr<std::string> One(const std::string& name, const std::string& fallback) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positional_;
};

}  // namespace tripline::cli

#endif  // TRIPLINE_ENGINE_CLI_FLAGS_H_
