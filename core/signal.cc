#include "core/signal.h"

namespace tripline {

std::string_view DirectionName(Direction d) {
  switch (d) {
    case Direction::kLong:
      return "long";
    case Direction::kShort:
      return "short";
    case Direction::kWatch:
      return "watch";
  }
  return "watch";
}

bool ParseDirection(std::string_view name, Direction* out) {
  for (Direction d : {Direction::kLong, Direction::kShort, Direction::kWatch}) {
    if (name == DirectionName(d)) {
      *out = d;
      return true;
    }
  }
  return false;
}

}  // namespace tripline
