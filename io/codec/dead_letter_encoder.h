// Encodes a DeadLetter as the JSON object of docs/messages.md (topic `tripline.dlq`, or one
// line of a dead-letter JSONL file). The original bytes travel as `payload` (a JSON string)
// when they are valid UTF-8, else as `payload_base64`, so nothing is lost or altered. No
// dead-lettering time is written: the same bad input gives the same record.
//
// Thread-safety: free function without shared state.
#ifndef TRIPLINE_IO_CODEC_DEAD_LETTER_ENCODER_H_
#define TRIPLINE_IO_CODEC_DEAD_LETTER_ENCODER_H_

#include <string>

#include "core/dead_letter.h"

namespace tripline {

// Appends one JSON object (no newline) to `*out`:
// {"code":...,"message":...,"origin":...,"payload":...} or with "payload_base64" instead.
void AppendDeadLetterJson(const DeadLetter& d, std::string* out);

}  // namespace tripline

#endif  // TRIPLINE_IO_CODEC_DEAD_LETTER_ENCODER_H_
