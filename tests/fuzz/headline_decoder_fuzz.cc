// libFuzzer target for the headline decoder: any bytes must decode or give a stable error
// code, never a crash, a hang or a sanitizer report; a decoded headline must respect every
// limit of docs/messages.md.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "io/codec/json_writer.h"
#include "io/codec/message_decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static tripline::MessageDecoder decoder;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  tripline::Headline h;
  const tripline::DecodeError err = decoder.DecodeHeadline(bytes, &h);
  if (!err.ok()) {
    if (err.Code().empty() || err.Message().empty()) std::abort();
    return 0;
  }
  if (h.id.empty() || h.id.size() > tripline::kMaxIdBytes) std::abort();
  if (h.headline.empty() || h.headline.size() > tripline::kMaxHeadlineBytes) std::abort();
  if (!tripline::IsValidUtf8(h.headline)) std::abort();
  if (h.body.size() > tripline::kMaxBodyBytes) std::abort();
  if (h.ticker_count > tripline::kMaxTickers) std::abort();
  return 0;
}
