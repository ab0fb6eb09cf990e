// RouterCoverage: what a router's caught-up marker vouches for, by position rather than by
// clock. The router (KafkaRouteStage) first reads the end offsets of the prices topic, then
// finds its own input read to its end (a fresh end-offset query, not a cached watermark) with
// every headline routed in committed transactions, and then writes the marker into every
// routed partition. So a caught-up marker says:
//   - every headline appended to the router's input before a price at offset < prices_end[p]
//     of price partition p was appended has been routed, its copies ahead of this marker;
//   - every headline of input partition k at offset < input_end[k] has been routed (-1: that
//     partition is not this router's, nothing vouched for).
// An engine that has passed the marker (its routed partition empty behind it) can therefore
// let such a price, or another routed partition's copy of such a headline, go past the empty
// partition: nothing the router has not routed yet can precede it in the input. This holds
// whether the router is alive or not (a dead router's marker stays true; it just covers
// nothing appended after it), which a believed-for-a-while flag could not.
//
// Text (the `tripline.caught_up` header): "prices=O0,O1,...;input=X0,X1,..." by partition
// number.
//
// Thread-safety: a value.
#ifndef TRIPLINE_IO_KAFKA_ROUTER_COVERAGE_H_
#define TRIPLINE_IO_KAFKA_ROUTER_COVERAGE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tripline {

struct RouterCoverage {
  std::vector<int64_t> prices_end;  // by price partition
  std::vector<int64_t> input_end;   // by input (raw headline) partition; -1: not vouched for

  // True when a price at `offset` of price partition `partition` was appended before the
  // router found its input at its end.
  bool CoversPrice(int32_t partition, int64_t offset) const {
    return partition >= 0 && static_cast<size_t>(partition) < prices_end.size() &&
           offset < prices_end[partition];
  }
  // True when the headline at `offset` of input partition `partition` had been routed.
  bool CoversHeadline(int32_t partition, int64_t offset) const {
    return partition >= 0 && static_cast<size_t>(partition) < input_end.size() && offset >= 0 &&
           offset < input_end[partition];
  }
  void Clear() {
    prices_end.clear();
    input_end.clear();
  }
  bool operator==(const RouterCoverage&) const = default;

  // Appends the header text to `out`.
  void AppendText(std::string* out) const;
  // Parses the header text into this value (reusing its capacity: no allocation once grown).
  // False, and empty, when `text` is not one.
  bool Parse(std::string_view text);
};

}  // namespace tripline

#endif  // TRIPLINE_IO_KAFKA_ROUTER_COVERAGE_H_
