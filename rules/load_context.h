// What the three loader stages (reader, collector, compiler: rules/rule_loader.h) share during
// one load: the files read, the errors and warnings found so far, and typed access to YAML
// nodes that reports a located `wrong-type` / `bad-value` / `bad-duration` diagnostic instead of
// throwing.
//
// Ownership: a LoadContext and the SourceFiles of a load live on the loading call's stack; the
// items of later stages point into the SourceFiles (`const SourceFile*`), so the file vector
// must not change size once the reader has run.
//
// Thread-safety: none; one load, one thread, one LoadContext.
#ifndef TRIPLINE_RULES_LOAD_CONTEXT_H_
#define TRIPLINE_RULES_LOAD_CONTEXT_H_

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "core/event_time.h"
#include "rules/compiled_rules.h"
#include "rules/rule_loader.h"

namespace tripline {

// One YAML file of a pack: its path, bytes, content hash and parsed documents.
struct SourceFile {
  std::string path;
  std::string bytes;
  std::string hash;  // HexHash128(bytes)
  std::vector<YAML::Node> docs;
  // Non-empty for a lexicon a pack imports (rules/lexicons/NAME.yaml): its name, which
  // prefixes its lists ("actions.restrict").
  std::string lexicon;
};

class LoadContext {
 public:
  LoadContext() = default;
  LoadContext(const LoadContext&) = delete;
  LoadContext& operator=(const LoadContext&) = delete;

  // Where node `n` of file `f` starts.
  static SourceLocation Loc(const SourceFile& f, const YAML::Node& n);
  // Location of byte `offset` inside a one-line scalar's text (its start for a multi-line one).
  static SourceLocation LocIn(const SourceFile& f, const YAML::Node& n, size_t offset);

  void Error(SourceLocation loc, LoadCode code, std::string message, std::string expected = "");
  void Warn(SourceLocation loc, LoadCode code, std::string message, std::string expected = "");

  // Each returns false after recording a located error when `n` is not what it reads.
  bool Expect(const SourceFile& f, const YAML::Node& n, YAML::NodeType::value type,
              std::string_view what, std::string_view expected);
  bool Scalar(const SourceFile& f, const YAML::Node& n, std::string_view what, std::string* out);
  // A scalar is accepted as a list of one item.
  bool StringList(const SourceFile& f, const YAML::Node& n, std::string_view what,
                  std::vector<std::string>* out, std::vector<SourceLocation>* locs = nullptr);
  bool Duration(const SourceFile& f, const YAML::Node& n, std::string_view what, EventTime* out);
  // A number, or a percentage ("-3%" reads as -0.03).
  bool Number(const SourceFile& f, const YAML::Node& n, std::string_view what, double* out);
  bool Bool(const SourceFile& f, const YAML::Node& n, std::string_view what, bool* out);
  // Records an `unknown-key` error for every key of map `n` that is not one of `allowed`.
  void KnownKeys(const SourceFile& f, const YAML::Node& n, std::string_view what,
                 std::span<const std::string_view> allowed);
  void KnownKeys(const SourceFile& f, const YAML::Node& n, std::string_view what,
                 std::initializer_list<std::string_view> allowed) {
    KnownKeys(f, n, what, std::span<const std::string_view>(allowed.begin(), allowed.size()));
  }

  const std::vector<LoadDiagnostic>& errors() const { return errors_; }
  const std::vector<LoadDiagnostic>& warnings() const { return warnings_; }
  bool has_errors() const { return !errors_.empty(); }
  // InvalidArgument listing every error, sorted by location, one per line.
  absl::Status ErrorStatus() const;
  // Sorts errors and warnings by location (stable: same place, order found).
  void SortByLocation();

  // The file whose nodes are being read: yaml-cpp throws on some malformed input only when a
  // node is accessed, and that error must name the file it was reading.
  void set_current_path(std::string path) { current_path_ = std::move(path); }
  const std::string& current_path() const { return current_path_; }

 private:
  std::vector<LoadDiagnostic> errors_;
  std::vector<LoadDiagnostic> warnings_;
  std::string current_path_;
};

// "file:line:column" of `loc`, for messages that name a second place.
std::string LocationText(const SourceLocation& loc);

}  // namespace tripline

#endif  // TRIPLINE_RULES_LOAD_CONTEXT_H_
