// libFuzzer target for the price decoder: any bytes must decode or give a stable error code,
// never a crash, a hang or a sanitizer report; a decoded tick must be a valid price.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "io/codec/message_decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static tripline::MessageDecoder decoder;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  tripline::PriceTick p;
  const tripline::DecodeError err = decoder.DecodePrice(bytes, &p);
  if (!err.ok()) {
    if (err.Code().empty() || err.Message().empty()) std::abort();
    return 0;
  }
  if (p.sym.empty() || !std::isfinite(p.price) || !(p.price > 0)) std::abort();
  if (!(p.size >= 0)) std::abort();
  return 0;
}
