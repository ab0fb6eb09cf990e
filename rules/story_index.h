// StoryIndex: an inverted index from word hashes to the stories (of one rule) that contain
// them, so that novelty -- is this headline a rewording of a story seen within the window? --
// looks only at stories that share a word with the headline instead of at every story in the
// window. A story that shares no word has similarity 0 and can neither be the original nor
// raise the best similarity, so the answer is the same as comparing with every story, as long
// as no word's list was capped (below).
//
// Stories are named by sequence numbers that grow by one per story; the caller forgets the
// oldest ones as they leave the window. Each word keeps at most `per_word` newest stories, so
// a headline costs at most (its words) x `per_word` comparisons however many stories the window
// holds; past that cap (more than `per_word` live stories of one rule sharing one word) an
// old story reachable only through such a common word is no longer compared.
//
// Thread-safety: one owner (the rule engine's thread). No allocation once the lists have grown.
#ifndef TRIPLINE_RULES_STORY_INDEX_H_
#define TRIPLINE_RULES_STORY_INDEX_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "core/ring_deque.h"

namespace tripline {

class StoryIndex {
 public:
  explicit StoryIndex(size_t per_word = 64) : per_word_(per_word) {}

  // Adds story `seq` (greater than every earlier one) with its sorted, unique word hashes.
  void Add(uint64_t seq, const std::vector<uint64_t>& words) {
    for (uint64_t w : words) {
      RingDeque<uint64_t>& list = postings_[w];
      if (list.size() == per_word_) list.pop_front();
      list.push_back(seq);
    }
  }

  // The stories numbered `min_seq` or later that share a word with `words`, ascending and
  // unique, into `out` (cleared first).
  void Candidates(const std::vector<uint64_t>& words, uint64_t min_seq,
                  std::vector<uint64_t>* out) {
    out->clear();
    for (uint64_t w : words) {
      auto it = postings_.find(w);
      if (it == postings_.end()) continue;
      RingDeque<uint64_t>& list = it->second;
      while (!list.empty() && list.front() < min_seq) list.pop_front();
      for (size_t i = 0; i < list.size(); ++i) out->push_back(list[i]);
    }
    std::sort(out->begin(), out->end());
    out->erase(std::unique(out->begin(), out->end()), out->end());
  }

  // Drops every posting of stories numbered below `min_seq` (the periodic sweep).
  void Forget(uint64_t min_seq) {
    for (auto it = postings_.begin(); it != postings_.end();) {
      RingDeque<uint64_t>& list = it->second;
      while (!list.empty() && list.front() < min_seq) list.pop_front();
      if (list.empty()) {
        postings_.erase(it++);
      } else {
        ++it;
      }
    }
  }

  size_t words() const { return postings_.size(); }

 private:
  size_t per_word_;
  absl::flat_hash_map<uint64_t, RingDeque<uint64_t>> postings_;
};

}  // namespace tripline

#endif  // TRIPLINE_RULES_STORY_INDEX_H_
