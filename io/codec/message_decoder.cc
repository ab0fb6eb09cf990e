#include "io/codec/message_decoder.h"

#include <array>
#include <cmath>
#include <cstring>
#include <utility>

#include "io/codec/plain_number.h"

namespace tripline {
namespace {

namespace od = simdjson::ondemand;

// Messages are flat. simdjson's On-Demand front end does not enforce its max depth itself, so
// ValidateValue refuses to open containers nested deeper than kMaxNesting (well inside the
// parser's depth) -- this also bounds its recursion against inputs like 100,000 '['.
constexpr size_t kMaxDepth = 64;
constexpr int kMaxNesting = 32;

DecodeError Error(DecodeErrorKind kind, const char* field = nullptr) { return {kind, field}; }
const DecodeError kOk{};
const DecodeError kNotJson{DecodeErrorKind::kNotJson, nullptr};

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// simdjson reports both a malformed escape ("\x") and a \u escape forming a lone surrogate as
// STRING_ERROR. Only the error path calls this, to tell the two apart: every escape well formed
// means the problem was a surrogate, i.e. the text would not be valid UTF-8.
DecodeError ClassifyStringError(std::string_view raw, const char* field) {
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\') continue;
    if (i + 1 >= raw.size()) return kNotJson;
    const char c = raw[++i];
    if (c == 'u') {
      if (i + 4 >= raw.size() || !IsHex(raw[i + 1]) || !IsHex(raw[i + 2]) || !IsHex(raw[i + 3]) ||
          !IsHex(raw[i + 4])) {
        return kNotJson;
      }
      i += 4;
    } else if (std::strchr("\"\\/bfnrt", c) == nullptr || c == 0) {
      return kNotJson;
    }
  }
  return Error(DecodeErrorKind::kInvalidUtf8, field);
}

// True when `raw` (a token, possibly followed by whitespace) follows the JSON number grammar.
// Used on the error path to tell an overflowing number (out_of_range) from a malformed one.
bool IsJsonNumber(std::string_view raw) {
  size_t i = 0;
  auto digits = [&] {
    const size_t start = i;
    while (i < raw.size() && raw[i] >= '0' && raw[i] <= '9') ++i;
    return i > start;
  };
  if (i < raw.size() && raw[i] == '-') ++i;
  if (i < raw.size() && raw[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < raw.size() && raw[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < raw.size() && (raw[i] == 'e' || raw[i] == 'E')) {
    ++i;
    if (i < raw.size() && (raw[i] == '+' || raw[i] == '-')) ++i;
    if (!digits()) return false;
  }
  for (; i < raw.size(); ++i) {
    if (raw[i] != ' ' && raw[i] != '\t' && raw[i] != '\n' && raw[i] != '\r') return false;
  }
  return true;
}

// Fully reads a value so that syntax errors hidden in it surface (On-Demand only checks what
// is read). Used for unknown fields and, on the error path, to tell a wrong type (valid JSON)
// from broken JSON. Works on a value and on the document root alike. Nesting is bounded by the
// parser's max depth.
template <typename V>
bool ValidateValue(V& v, int depth = 1) {
  od::json_type type;
  if (v.type().get(type)) return false;
  switch (type) {
    case od::json_type::object: {
      if (depth >= kMaxNesting) return false;
      od::object object;
      if (v.get_object().get(object)) return false;
      for (auto field_result : object) {
        od::field field;
        std::string_view key;
        if (std::move(field_result).get(field) || field.unescaped_key().get(key)) return false;
        if (!ValidateValue(field.value(), depth + 1)) return false;
      }
      return true;
    }
    case od::json_type::array: {
      if (depth >= kMaxNesting) return false;
      od::array array;
      if (v.get_array().get(array)) return false;
      for (auto element_result : array) {
        od::value element;
        if (std::move(element_result).get(element) || !ValidateValue(element, depth + 1)) {
          return false;
        }
      }
      return true;
    }
    case od::json_type::string: {
      std::string_view s;
      return v.get_string().get(s) == simdjson::SUCCESS;
    }
    case od::json_type::number: {
      od::number n;
      return v.get_number().get(n) == simdjson::SUCCESS;
    }
    case od::json_type::boolean: {
      bool b;
      return v.get_bool().get(b) == simdjson::SUCCESS;
    }
    case od::json_type::null: {
      bool is_null = false;
      return v.is_null().get(is_null) == simdjson::SUCCESS && is_null;
    }
  }
  return false;
}

// The value had the wrong type for `field`: bad_type when it is valid JSON, else not_json.
DecodeError WrongType(od::value& v, const char* field) {
  return ValidateValue(v, 2) ? Error(DecodeErrorKind::kBadType, field) : kNotJson;
}

// Optional fields may be given as null, meaning absent (vendors often emit null).
// Returns true when `v` is a null literal; `*error` is set when it looked like one but was not.
bool IsNull(od::value& v, DecodeError* error) {
  const std::string_view raw = v.raw_json_token();
  if (raw.empty() || raw[0] != 'n') return false;
  bool is_null = false;
  if (v.is_null().get(is_null) || !is_null) *error = kNotJson;
  return true;
}

DecodeError ReadString(od::value& v, const char* field, std::string_view* out) {
  const std::string_view raw = v.raw_json_token();
  const simdjson::error_code error = v.get_string().get(*out);
  if (error == simdjson::SUCCESS) return kOk;
  if (error == simdjson::STRING_ERROR) return ClassifyStringError(raw, field);
  if (error == simdjson::INCORRECT_TYPE) return WrongType(v, field);
  return kNotJson;
}

// A string of min..max bytes (after unescaping).
DecodeError ReadBoundedString(od::value& v, const char* field, size_t min, size_t max,
                              std::string_view* out) {
  DecodeError e = ReadString(v, field, out);
  if (!e.ok()) return e;
  if (out->size() < min || out->size() > max) return Error(DecodeErrorKind::kOutOfRange, field);
  return kOk;
}

DecodeError ReadNumber(od::value& v, const char* field, double* out) {
  // A short decimal is read from its token and left for the object iterator to step over.
  if (ParsePlainDecimal(v.raw_json_token(), out)) return kOk;
  const simdjson::error_code error = v.get_double().get(*out);
  if (error == simdjson::SUCCESS) {
    // JSON has no NaN/Inf literals, but keep the promise independent of the parser.
    if (!std::isfinite(*out)) return Error(DecodeErrorKind::kOutOfRange, field);
    return kOk;
  }
  if (error == simdjson::INCORRECT_TYPE) return WrongType(v, field);
  // A number token simdjson could not represent (1e400) is valid JSON but out of range. A
  // failed get leaves the value unconsumed, so its token is still there to classify.
  return IsJsonNumber(v.raw_json_token()) ? Error(DecodeErrorKind::kOutOfRange, field) : kNotJson;
}

// Years whose every instant fits int64 nanoseconds after the UTC offset is applied; checked
// before ParseRfc3339, whose arithmetic would overflow far outside them.
constexpr int kMinYear = 1969;  // 1969-12-31T23:00-05:00 is still after the epoch
constexpr int kMaxYear = 2261;  // int64 nanoseconds end in April 2262

DecodeError ReadTime(od::value& v, const char* field, EventTime* out) {
  // Fast path, the common case: integer nanoseconds, read from the token and left for the
  // object iterator to step over. Anything else takes the classifying path below.
  const std::string_view raw = v.raw_json_token();
  int64_t ns;
  if (ParsePlainUint(raw, &ns)) {
    *out = ns;
    return kOk;
  }
  if (!raw.empty() && raw[0] == '"') {
    std::string_view text;
    DecodeError e = ReadString(v, field, &text);
    if (!e.ok()) return e;
    if (text.size() >= 4 && text[0] >= '0' && text[0] <= '9' && text[1] >= '0' && text[1] <= '9' &&
        text[2] >= '0' && text[2] <= '9' && text[3] >= '0' && text[3] <= '9') {
      const int year =
          (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
      if (year < kMinYear || year > kMaxYear) return Error(DecodeErrorKind::kOutOfRange, field);
    }
    if (!ParseRfc3339(text, out)) return Error(DecodeErrorKind::kBadType, field);
    if (*out < 0) return Error(DecodeErrorKind::kOutOfRange, field);
    return kOk;
  }
  od::json_type type;
  if (v.type().get(type)) return kNotJson;
  if (type != od::json_type::number) return WrongType(v, field);
  od::number_type number_type;
  if (v.get_number_type().get(number_type)) {
    return IsJsonNumber(raw) ? Error(DecodeErrorKind::kOutOfRange, field) : kNotJson;
  }
  switch (number_type) {
    case od::number_type::signed_integer: {
      int64_t n;
      if (v.get_int64().get(n)) return kNotJson;
      if (n < 0) return Error(DecodeErrorKind::kOutOfRange, field);
      *out = n;
      return kOk;
    }
    case od::number_type::floating_point_number:
      return WrongType(v, field);
    default:  // beyond int64
      return IsJsonNumber(raw) ? Error(DecodeErrorKind::kOutOfRange, field) : kNotJson;
  }
}

DecodeError ReadTickers(od::value& v, Headline* out) {
  static constexpr const char* kField = "tickers";
  od::array array;
  const simdjson::error_code error = v.get_array().get(array);
  if (error == simdjson::INCORRECT_TYPE) return WrongType(v, kField);
  if (error) return kNotJson;
  for (auto element_result : array) {
    od::value element;
    if (std::move(element_result).get(element)) return kNotJson;
    if (out->ticker_count == kMaxTickers) return Error(DecodeErrorKind::kOutOfRange, kField);
    DecodeError e = ReadString(element, kField, &out->tickers[out->ticker_count]);
    if (!e.ok()) return e;
    ++out->ticker_count;
  }
  return kOk;
}

DecodeError ReadKind(od::value& v, PriceKind* out) {
  static constexpr const char* kField = "kind";
  std::string_view text;
  DecodeError e = ReadString(v, kField, &text);
  if (!e.ok()) return e;
  if (text == "trade") {
    *out = PriceKind::kTrade;
  } else if (text == "quote") {
    *out = PriceKind::kQuote;
  } else if (text == "close") {
    *out = PriceKind::kClose;
  } else {
    return Error(DecodeErrorKind::kOutOfRange, kField);
  }
  return kOk;
}

// Marks `bit` seen; a second sighting is a duplicate.
bool FirstSighting(uint32_t bit, uint32_t* seen) {
  if (*seen & bit) return false;
  *seen |= bit;
  return true;
}

// A key as it stands in the input, closing quote included, as one little-endian word: a key
// of up to 7 bytes is compared in one load and mask; "headline" (8) also checks the quote.
struct KeyWord {
  uint64_t word = 0;
  uint64_t mask = 0;
  bool quote_after = false;  // 8 bytes: the closing quote is the ninth
};
constexpr KeyWord MakeKeyWord(std::string_view key) {
  KeyWord k;
  const size_t n = key.size() < 8 ? key.size() + 1 : 8;
  for (size_t i = 0; i < n; ++i) {
    const unsigned char c = i < key.size() ? static_cast<unsigned char>(key[i]) : '"';
    k.word |= uint64_t{c} << (8 * i);
    k.mask |= uint64_t{0xFF} << (8 * i);
  }
  k.quote_after = key.size() == 8;
  return k;
}
template <size_t N>
constexpr std::array<KeyWord, N> MakeKeyWords(const std::string_view (&keys)[N]) {
  std::array<KeyWord, N> words{};
  for (size_t i = 0; i < N; ++i) words[i] = MakeKeyWord(keys[i]);
  return words;
}

// The fields of one message type: their names (field i has bit 1 << i in `seen`) and which
// of them may be null, meaning absent.
struct FieldSet {
  const char* const* names;
  const std::string_view* keys;  // the same names with their lengths, for comparing keys
  const KeyWord* words;          // the same keys for the one-load comparison (8 bytes at most)
  size_t count;
  uint32_t optional;
};

// Walks the object's fields once, in document order: a known field is handed to
// read(index, value) once (a second sighting is duplicate_field, a null optional one is
// skipped), an unknown one is syntax-checked and ignored. `*seen` collects the bits of the
// fields present.
template <typename ReadField>
DecodeError WalkFields(od::object& object, const FieldSet& fields, uint32_t* seen,
                       ReadField&& read) {
  DecodeError e;
  for (auto field_result : object) {
    // The field is used in place: moving it out of the result costs a store-forwarding stall
    // per field (perf annotate of DecodePrice).
    if (field_result.error()) return kNotJson;
    od::field& field = field_result.value_unsafe();
    // Every key we know, as it stands in the input (no escapes), is found with one 8-byte
    // load: the bytes after a key (its quote, the colon, a value, the object's end, then the
    // input's padding) are always readable.
    const char* raw = field.key().raw();
    uint64_t head;
    std::memcpy(&head, raw, sizeof head);
    size_t i = 0;
    while (i < fields.count && ((head & fields.words[i].mask) != fields.words[i].word ||
                                (fields.words[i].quote_after && raw[8] != '"'))) {
      ++i;
    }
    od::value& v = field.value();
    if (i == fields.count) {
      // Not a known key as it stands: unknown, or a known one written with escapes. Stage 1
      // found the key's closing quote, so the scan ends; only a key with a backslash is
      // unescaped.
      std::string_view key;
      size_t key_length = 0;
      while (raw[key_length] != '"' && raw[key_length] != '\\') ++key_length;
      if (raw[key_length] == '"') {
        key = std::string_view(raw, key_length);
      } else if (field.unescaped_key().get(key)) {
        return kNotJson;
      }
      i = 0;
      while (i < fields.count && key != fields.keys[i]) ++i;
    }
    if (i == fields.count) {
      if (!ValidateValue(v, 2)) return kNotJson;
      continue;
    }
    const uint32_t bit = 1u << i;
    if (!FirstSighting(bit, seen)) return Error(DecodeErrorKind::kDuplicateField, fields.names[i]);
    if ((fields.optional & bit) && IsNull(v, &e)) {
      if (!e.ok()) return e;
      continue;
    }
    e = read(i, v);
    if (!e.ok()) return e;
  }
  return kOk;
}

// The first required field (in `fields` order) missing from `seen`, or kOk.
DecodeError FirstMissing(const FieldSet& fields, uint32_t seen) {
  for (size_t i = 0; i < fields.count; ++i) {
    const uint32_t bit = 1u << i;
    if (!(fields.optional & bit) && !(seen & bit)) {
      return Error(DecodeErrorKind::kMissingField, fields.names[i]);
    }
  }
  return kOk;
}

}  // namespace

MessageDecoder::MessageDecoder(size_t max_message_bytes)
    : max_message_bytes_(max_message_bytes),
      buffer_(new char[max_message_bytes + simdjson::SIMDJSON_PADDING]()),
      parser_(max_message_bytes) {
  // Allocate the parser's internal buffers once, at full capacity, so no message ever grows
  // them. Failure here (out of memory) surfaces as a `not_json` on every message.
  if (parser_.allocate(max_message_bytes, kMaxDepth) != simdjson::SUCCESS) return;
}

DecodeError MessageDecoder::Start(std::string_view bytes, Input input, od::object* object) {
  if (bytes.size() > max_message_bytes_) return Error(DecodeErrorKind::kTooLarge);
  const char* json = bytes.data();
  if (input == Input::kCopy) {
    std::memcpy(buffer_.get(), bytes.data(), bytes.size());
    // Zeroed padding keeps sanitizers quiet about the bytes simdjson reads past the message.
    std::memset(buffer_.get() + bytes.size(), 0, simdjson::SIMDJSON_PADDING);
    json = buffer_.get();
  }
  const simdjson::error_code error =
      parser_.iterate(json, bytes.size(), bytes.size() + simdjson::SIMDJSON_PADDING).get(doc_);
  if (error == simdjson::UTF8_ERROR) return Error(DecodeErrorKind::kInvalidUtf8);
  if (error == simdjson::CAPACITY) return Error(DecodeErrorKind::kTooLarge);
  if (error) return kNotJson;
  const simdjson::error_code object_error = doc_.get_object().get(*object);
  if (object_error == simdjson::SUCCESS) return kOk;
  if (object_error != simdjson::INCORRECT_TYPE) return kNotJson;
  // Another JSON value: not_object, unless it is broken or followed by more content.
  doc_.rewind();
  if (!ValidateValue(doc_)) return kNotJson;
  if (!Finish().ok()) return kNotJson;
  return Error(DecodeErrorKind::kNotObject);
}

DecodeError MessageDecoder::Finish() {
  const char* location;
  // current_location() fails with OUT_OF_BOUNDS exactly when every token has been consumed.
  if (doc_.current_location().get(location) != simdjson::OUT_OF_BOUNDS) return kNotJson;
  return kOk;
}

template <typename Fields, typename ReadField>
DecodeError MessageDecoder::DecodeObject(std::string_view bytes, Input input, const Fields& fields,
                                         ReadField&& read) {
  od::object object;
  DecodeError e = Start(bytes, input, &object);
  if (!e.ok()) return e;
  uint32_t seen = 0;
  e = WalkFields(object, fields, &seen, read);
  if (!e.ok()) return e;
  e = Finish();
  if (!e.ok()) return e;
  return FirstMissing(fields, seen);
}

DecodeError MessageDecoder::DecodeHeadline(std::string_view bytes, Headline* out, Input input) {
  enum Field : size_t { kId, kTs, kSource, kHeadline, kBody, kLang, kTickers, kUrl, kRecvTs };
  static constexpr const char* kNames[] = {"id",   "ts",      "source", "headline", "body",
                                           "lang", "tickers", "url",    "recv_ts"};
  static constexpr std::string_view kKeys[] = {"id",   "ts",      "source", "headline", "body",
                                               "lang", "tickers", "url",    "recv_ts"};
  static constexpr auto kWords = MakeKeyWords(kKeys);
  static constexpr FieldSet kFields{
      kNames, kKeys, kWords.data(), 9,
      1u << kBody | 1u << kLang | 1u << kTickers | 1u << kUrl | 1u << kRecvTs};
  out->recv_ts = kNoTime;
  out->body = {};
  out->lang = {};
  out->url = {};
  out->ticker_count = 0;

  return DecodeObject(bytes, input, kFields, [&](size_t field, od::value& v) {
    const char* name = kNames[field];
    switch (field) {
      case kId:
        return ReadBoundedString(v, name, 1, kMaxIdBytes, &out->id);
      case kTs:
        return ReadTime(v, name, &out->ts);
      case kSource:
        return ReadBoundedString(v, name, 1, SIZE_MAX, &out->source);
      case kHeadline:
        return ReadBoundedString(v, name, 1, kMaxHeadlineBytes, &out->headline);
      case kBody:
        return ReadBoundedString(v, name, 0, kMaxBodyBytes, &out->body);
      case kLang:
        return ReadString(v, name, &out->lang);
      case kTickers:
        return ReadTickers(v, out);
      case kUrl:
        return ReadString(v, name, &out->url);
      default:
        return ReadTime(v, name, &out->recv_ts);
    }
  });
}

DecodeError MessageDecoder::DecodePrice(std::string_view bytes, PriceTick* out, Input input) {
  // bid and ask come last: the names are matched in order, so the fields every message has are
  // found as fast as before they existed.
  enum Field : size_t { kSym, kTs, kPrice, kSize, kKind, kRecvTs, kBid, kAsk };
  static constexpr const char* kNames[] = {"sym",  "ts",      "price", "size",
                                           "kind", "recv_ts", "bid",   "ask"};
  static constexpr std::string_view kKeys[] = {"sym",  "ts",      "price", "size",
                                               "kind", "recv_ts", "bid",   "ask"};
  static constexpr auto kWords = MakeKeyWords(kKeys);
  static constexpr FieldSet kFields{
      kNames, kKeys, kWords.data(), 8,
      1u << kSize | 1u << kKind | 1u << kRecvTs | 1u << kBid | 1u << kAsk};
  out->recv_ts = kNoTime;
  out->size = 0;
  out->kind = PriceKind::kTrade;
  out->bid = 0;
  out->ask = 0;

  DecodeError e = DecodeObject(bytes, input, kFields, [&](size_t field, od::value& v) {
    const char* name = kNames[field];
    DecodeError r;
    switch (field) {
      case kSym:
        return ReadBoundedString(v, name, 1, SIZE_MAX, &out->sym);
      case kTs:
        return ReadTime(v, name, &out->ts);
      case kPrice:
        r = ReadNumber(v, name, &out->price);
        if (r.ok() && !(out->price > 0)) r = Error(DecodeErrorKind::kOutOfRange, name);
        return r;
      case kSize:
        r = ReadNumber(v, name, &out->size);
        if (r.ok() && !(out->size >= 0)) r = Error(DecodeErrorKind::kOutOfRange, name);
        return r;
      case kKind:
        return ReadKind(v, &out->kind);
      case kBid:
      case kAsk: {
        double* quote = field == kBid ? &out->bid : &out->ask;
        r = ReadNumber(v, name, quote);
        if (r.ok() && !(*quote > 0)) r = Error(DecodeErrorKind::kOutOfRange, name);
        return r;
      }
      default:
        return ReadTime(v, name, &out->recv_ts);
    }
  });
  // A crossed quote is a bad message, not a negative spread.
  if (e.ok() && out->bid > out->ask && out->ask > 0) {
    e = Error(DecodeErrorKind::kOutOfRange, kNames[kAsk]);
  }
  return e;
}

}  // namespace tripline

namespace tripline {

bool MessageDecoder::Decode(EventKind kind, std::string_view bytes, bool padded, Event* out,
                            DeadLetter* failure) {
  const Input input = padded ? Input::kPadded : Input::kCopy;
  const DecodeError error = kind == EventKind::kHeadline
                                ? DecodeHeadline(bytes, &out->headline, input)
                                : DecodePrice(bytes, &out->price, input);
  if (error.ok()) return true;
  failure->code = error.Code();
  failure->message = error.Message();
  return false;
}

}  // namespace tripline
