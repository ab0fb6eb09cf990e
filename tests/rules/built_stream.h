// The word stream of a text built by a fresh stemmer, for the tests of the word stream and of
// the folds it applies.
#ifndef TRIPLINE_TESTS_RULES_BUILT_STREAM_H_
#define TRIPLINE_TESTS_RULES_BUILT_STREAM_H_

#include <string>
#include <string_view>
#include <vector>

#include "rules/word_stream.h"

namespace tripline::testing {

struct BuiltStream {
  std::string words;
  std::vector<StreamToken> tokens;
};

inline BuiltStream BuildStream(std::string_view text) {
  WordStemmer stemmer;
  BuiltStream b;
  BuildWordStream(text, stemmer, &b.words, &b.tokens);
  return b;
}

}  // namespace tripline::testing

#endif  // TRIPLINE_TESTS_RULES_BUILT_STREAM_H_
