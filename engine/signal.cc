#include "engine/signal.h"

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

}  // namespace tripline
