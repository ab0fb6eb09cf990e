#include "core/stream_merge.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace tripline {
namespace {

// A stream over fixed (ts, recv_ts) price events; sym names the event for the assertions.
class VectorStream final : public EventStream {
 public:
  explicit VectorStream(std::vector<std::pair<std::string, std::pair<EventTime, EventTime>>> evs)
      : events_(std::move(evs)) {}
  bool Next() override {
    if (pos_ == events_.size()) return false;
    // Overwrite the event so that a consumer holding on past Next() would see the change.
    event_.kind = EventKind::kPrice;
    event_.price.sym = events_[pos_].first;
    event_.price.ts = events_[pos_].second.first;
    event_.price.recv_ts = events_[pos_].second.second;
    ++pos_;
    return true;
  }
  const Event& current() const override { return event_; }
  absl::Status status() const override { return absl::OkStatus(); }

 private:
  std::vector<std::pair<std::string, std::pair<EventTime, EventTime>>> events_;
  size_t pos_ = 0;
  Event event_;
};

std::vector<std::string> Drain(StreamMerge& merge) {
  std::vector<std::string> out;
  while (merge.Next()) out.emplace_back(merge.current().price.sym);
  return out;
}

TEST(StreamMergeTest, MergesByOrderTimeWithStableTieBreak) {
  VectorStream a({{"a1", {1, kNoTime}}, {"a5", {5, kNoTime}}, {"a5b", {5, kNoTime}}});
  VectorStream b({{"b0", {0, kNoTime}}, {"b5", {5, kNoTime}}, {"b9", {9, kNoTime}}});
  StreamMerge merge;
  merge.Add(&a);
  merge.Add(&b);
  // Ties at t=5: stream a (added first) before b; within a, file order.
  EXPECT_EQ(Drain(merge), (std::vector<std::string>{"b0", "a1", "a5", "a5b", "b5", "b9"}));
}

TEST(StreamMergeTest, AvailabilityTimeBeatsEventTime) {
  // A headline stamped t=1 but only available at t=10 must come after a price at t=5.
  VectorStream news({{"late-news", {1, 10}}});
  VectorStream prices({{"p5", {5, kNoTime}}, {"p11", {11, kNoTime}}});
  StreamMerge merge;
  merge.Add(&news);
  merge.Add(&prices);
  EXPECT_EQ(Drain(merge), (std::vector<std::string>{"p5", "late-news", "p11"}));
}

TEST(StreamMergeTest, CurrentEventStaysValidUntilNext) {
  VectorStream a({{"a1", {1, kNoTime}}, {"a2", {2, kNoTime}}});
  StreamMerge merge;
  merge.Add(&a);
  ASSERT_TRUE(merge.Next());
  // The merge must not have advanced stream a yet.
  EXPECT_EQ(merge.current().price.sym, "a1");
  ASSERT_TRUE(merge.Next());
  EXPECT_EQ(merge.current().price.sym, "a2");
  EXPECT_FALSE(merge.Next());
}

TEST(StreamMergeTest, EmptyAndSameOrderEveryRun) {
  StreamMerge empty;
  EXPECT_FALSE(empty.Next());
  for (int run = 0; run < 3; ++run) {
    VectorStream a({{"x", {3, kNoTime}}, {"y", {3, kNoTime}}});
    VectorStream b({{"z", {3, kNoTime}}});
    VectorStream c({{"w", {2, 3}}});
    StreamMerge merge;
    merge.Add(&a);
    merge.Add(&b);
    merge.Add(&c);
    EXPECT_EQ(Drain(merge), (std::vector<std::string>{"x", "y", "z", "w"}));
  }
}

}  // namespace
}  // namespace tripline
