#include "io/codec/dead_letter_encoder.h"

#include "absl/strings/escaping.h"
#include "io/codec/json_writer.h"

namespace tripline {

void AppendDeadLetterJson(const DeadLetter& d, std::string* out) {
  out->append("{\"code\":");
  AppendJsonString(d.code, out);
  out->append(",\"message\":");
  AppendJsonString(d.message, out);
  out->append(",\"origin\":");
  AppendJsonString(d.origin, out);
  if (IsValidUtf8(d.payload)) {
    out->append(",\"payload\":");
    AppendJsonString(d.payload, out);
  } else {
    // Escaping would replace the bad bytes; base64 keeps them exactly for replay.
    out->append(",\"payload_base64\":\"");
    out->append(absl::Base64Escape(absl::string_view(d.payload.data(), d.payload.size())));
    out->push_back('"');
  }
  out->push_back('}');
}

}  // namespace tripline
