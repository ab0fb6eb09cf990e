// Vocabulary: the fixed word material of the generated day and of the benchmark pack, kept in
// one place so that the headlines the generator writes and the phrases the pack's rules look
// for cannot drift apart.
//
// - Companies: real-looking listed names (the first ones are the ones the benchmark pack
//   watches), then synthetic names for the long tail of instruments.
// - Themes: a policy theme is a phrase list (what a rule matches) plus story templates that
//   each contain one of those phrases, and the direction prices move when the story is real.
// - Noise and near-miss templates contain none of the themes' phrases (a test checks it).
//
// Templates use slots: {co} company name, {prod} its product, {gov} a government actor,
// {co2} another company, and generic slots filled from word lists (see day_generator.cc).
//
// Thread-safety: immutable static tables; safe from any thread.
#ifndef TRIPLINE_BENCH_GEN_VOCABULARY_H_
#define TRIPLINE_BENCH_GEN_VOCABULARY_H_

#include <string>
#include <vector>

namespace tripline::gen {

struct Company {
  std::string symbol;
  std::string name;     // as headlines write it; also the pack's entity name
  std::string product;  // "H20 chips"
  double price = 0;     // typical price level
};

struct Theme {
  std::string id;                      // "guidance"; rule ids are "<id>-<symbol slug>"
  int direction = -1;                  // -1: prices fall on the news, +1: they rise
  std::vector<std::string> phrases;    // what the rules match (lower-case)
  std::vector<std::string> templates;  // story headlines; each contains one phrase
};

// The named companies, most watched first.
const std::vector<Company>& NamedCompanies();
// Company `i` of a universe: NamedCompanies()[i] while there are, then synthetic ones with
// unique names ("Norvatek") and symbols ("S0123").
Company CompanyAt(size_t i);

const std::vector<Theme>& Themes();
const std::vector<std::string>& Governments();
const std::vector<std::string>& Sources();
const std::vector<std::string>& NoiseTemplates();
const std::vector<std::string>& NearMissTemplates();

// Generic slot fillers: {topic}, {event}, {country}, {indicator}, {month}, {weekday},
// {quarter}, {city}, {customer}, {mineral}, {updown}, {beat}, {analyst}, {n}.
const std::vector<std::string>& SlotWords(const std::string& slot);

}  // namespace tripline::gen

#endif  // TRIPLINE_BENCH_GEN_VOCABULARY_H_
