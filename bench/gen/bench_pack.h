// BenchPack: the benchmark rule pack of the common shape -- a phrase list (a policy theme), an
// entity (one watched company) and a price move of that company within a window -- one rule
// per (theme, watched company): 8 themes x N companies. Written twice from the same values:
// as Tripline YAML (docs/rules.md) and as a flat TSV that the peer implementations
// (bench/peers/) read to build their EPL statements and Streams topology, so all three run
// the same rules.
//
// TSV columns (tab-separated, one rule per line, after a header line):
//   rule  instrument  cmp(le|ge)  threshold  window_ms  cooldown_ms  novelty_window_ms
//   novelty_similarity  entity_names(|-separated)  phrases(|-separated)
//
// Thread-safety: free functions without shared state.
#ifndef TRIPLINE_BENCH_GEN_BENCH_PACK_H_
#define TRIPLINE_BENCH_GEN_BENCH_PACK_H_

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace tripline::gen {

struct BenchPackOptions {
  size_t watched = 25;      // companies 0..watched-1 of the universe (vocabulary.h)
  double threshold = 0.03;  // |move| that confirms a story
  int window_minutes = 60;
  int cooldown_minutes = 60;
  int novelty_hours = 6;
  double similarity = 0.5;
};

struct BenchRule {
  std::string id;
  std::string theme;  // list name
  std::string entity;
  std::string instrument;
  int direction = -1;
};

std::vector<BenchRule> BenchRules(const BenchPackOptions& options);
std::string BenchPackYaml(const BenchPackOptions& options);
std::string BenchPackTsv(const BenchPackOptions& options);
// Writes DIR/pack.yaml and DIR/rules.tsv (DIR must exist).
absl::Status WriteBenchPack(const BenchPackOptions& options, const std::string& dir);

}  // namespace tripline::gen

#endif  // TRIPLINE_BENCH_GEN_BENCH_PACK_H_
