// SyntheticPack: a rule pack of N generated rules for measuring rule loading and compilation
// at scale (bench/rules_bench.cc) and for holding a large reload in tests (a 10,000-rule pack
// while /healthz must keep answering). Each rule has one phrase of its own plus lists shared
// across rules and one shared entity, as real packs have; every rule watches NVDA.
//
// Thread-safety: a free function without shared state.
#ifndef TRIPLINE_BENCH_GEN_SYNTHETIC_PACK_H_
#define TRIPLINE_BENCH_GEN_SYNTHETIC_PACK_H_

#include <string>

namespace tripline::gen {

// The pack's YAML (docs/rules.md), `rules` rules and max(1, rules / 50) shared lists.
std::string SyntheticPackYaml(int rules);

}  // namespace tripline::gen

#endif  // TRIPLINE_BENCH_GEN_SYNTHETIC_PACK_H_
