#include "io/codec/message_decoder.h"

#include <gtest/gtest.h>

#include <string>

namespace tripline {
namespace {

constexpr char kHeadline[] =
    R"({"id":"n-1","ts":"2024-09-27T14:05:00Z","source":"wire","headline":"Beijing guides firms off H20"})";
constexpr char kPrice[] = R"({"sym":"NVDA","ts":1727445900000000000,"price":121.5})";

// 2024-09-27T14:05:00Z in nanoseconds.
constexpr EventTime kTs = 1727445900LL * kNanosPerSecond;

std::string HeadlineCode(std::string_view json) {
  MessageDecoder decoder;
  Headline h;
  return decoder.DecodeHeadline(json, &h).Code();
}

std::string PriceCode(std::string_view json) {
  MessageDecoder decoder;
  PriceTick p;
  return decoder.DecodePrice(json, &p).Code();
}

// A headline with `field` set to the raw JSON `value` (replacing it when already present).
std::string HeadlineWith(const std::string& field, const std::string& value) {
  std::string id = R"("n-1")", ts = R"("2024-09-27T14:05:00Z")", source = R"("wire")",
              headline = R"("Beijing guides firms off H20")";
  std::string extra;
  if (field == "id") {
    id = value;
  } else if (field == "ts") {
    ts = value;
  } else if (field == "source") {
    source = value;
  } else if (field == "headline") {
    headline = value;
  } else {
    extra = ",\"" + field + "\":" + value;
  }
  return "{\"id\":" + id + ",\"ts\":" + ts + ",\"source\":" + source + ",\"headline\":" + headline +
         extra + "}";
}

std::string PriceWith(const std::string& field, const std::string& value) {
  std::string sym = R"("NVDA")", ts = "1727445900000000000", price = "121.5";
  std::string extra;
  if (field == "sym") {
    sym = value;
  } else if (field == "ts") {
    ts = value;
  } else if (field == "price") {
    price = value;
  } else {
    extra = ",\"" + field + "\":" + value;
  }
  return "{\"sym\":" + sym + ",\"ts\":" + ts + ",\"price\":" + price + extra + "}";
}

std::string Quoted(size_t n, char c = 'a') { return "\"" + std::string(n, c) + "\""; }

TEST(MessageDecoderTest, DecodesMinimalHeadline) {
  MessageDecoder decoder;
  Headline h;
  const DecodeError e = decoder.DecodeHeadline(kHeadline, &h);
  ASSERT_TRUE(e.ok()) << e.Code();
  EXPECT_EQ(h.id, "n-1");
  EXPECT_EQ(h.ts, kTs);
  EXPECT_EQ(h.recv_ts, kNoTime);
  EXPECT_EQ(h.source, "wire");
  EXPECT_EQ(h.headline, "Beijing guides firms off H20");
  EXPECT_TRUE(h.body.empty());
  EXPECT_TRUE(h.lang.empty());
  EXPECT_TRUE(h.url.empty());
  EXPECT_EQ(h.ticker_count, 0u);
}

TEST(MessageDecoderTest, DecodesFullHeadlineWithEscapes) {
  MessageDecoder decoder;
  Headline h;
  const std::string json =
      R"({"id":"n-2","ts":1727445900000000001,"source":"wire","headline":"Caf\u00e9 \"quote\" \ud83d\ude00",)"
      R"("body":"line1\nline2","lang":"en","tickers":["NVDA","AMD"],"url":"https://x/y",)"
      R"("recv_ts":"2024-09-27T22:05:00.5+08:00"})";
  const DecodeError e = decoder.DecodeHeadline(json, &h);
  ASSERT_TRUE(e.ok()) << e.Code();
  EXPECT_EQ(h.ts, kTs + 1);
  EXPECT_EQ(h.headline, "Caf\xc3\xa9 \"quote\" \xf0\x9f\x98\x80");
  EXPECT_EQ(h.body, "line1\nline2");
  EXPECT_EQ(h.lang, "en");
  EXPECT_EQ(h.url, "https://x/y");
  ASSERT_EQ(h.ticker_count, 2u);
  EXPECT_EQ(h.tickers[0], "NVDA");
  EXPECT_EQ(h.tickers[1], "AMD");
  EXPECT_EQ(h.recv_ts, kTs + kNanosPerSecond / 2);
}

TEST(MessageDecoderTest, OptionalFieldsResetBetweenMessages) {
  MessageDecoder decoder;
  Headline h;
  ASSERT_TRUE(decoder.DecodeHeadline(HeadlineWith("tickers", R"(["A"])"), &h).ok());
  ASSERT_EQ(h.ticker_count, 1u);
  ASSERT_TRUE(decoder.DecodeHeadline(HeadlineWith("body", R"("b")"), &h).ok());
  EXPECT_EQ(h.ticker_count, 0u);
  EXPECT_EQ(h.body, "b");
  ASSERT_TRUE(decoder.DecodeHeadline(kHeadline, &h).ok());
  EXPECT_TRUE(h.body.empty());
  EXPECT_EQ(h.recv_ts, kNoTime);
}

TEST(MessageDecoderTest, NullOptionalFieldsMeanAbsent) {
  MessageDecoder decoder;
  Headline h;
  const std::string json = R"({"id":"n","ts":1,"source":"s","headline":"h","body":null,)"
                           R"("lang":null,"tickers":null,"url":null,"recv_ts":null})";
  ASSERT_TRUE(decoder.DecodeHeadline(json, &h).ok());
  EXPECT_EQ(h.recv_ts, kNoTime);
  EXPECT_TRUE(h.body.empty());
  EXPECT_EQ(HeadlineCode(HeadlineWith("id", "null")), "bad_type:id");
  EXPECT_EQ(HeadlineCode(HeadlineWith("body", "nul")), "not_json");
}

TEST(MessageDecoderTest, UnknownFieldsIgnoredButMustBeJson) {
  EXPECT_EQ(HeadlineCode(HeadlineWith("vendor", R"({"a":[1,2,{"b":null}],"c":true})")), "");
  EXPECT_EQ(HeadlineCode(HeadlineWith("x", "1e5")), "");
  EXPECT_EQ(PriceCode(PriceWith("venue", R"("XNAS")")), "");
  EXPECT_EQ(HeadlineCode(HeadlineWith("vendor", "[1,]")), "not_json");
  EXPECT_EQ(HeadlineCode(HeadlineWith("vendor", "tru")), "not_json");
  EXPECT_EQ(PriceCode(PriceWith("venue", R"("\x")")), "not_json");
}

// Keys are matched by their bytes and closing quote: a key that only begins with a known name
// ("headlines", "symbol", "tsx") is another key, and a known name written with escapes is
// still that name.
TEST(MessageDecoderTest, KeysMatchWholeNamesOnly) {
  EXPECT_EQ(HeadlineCode(HeadlineWith("headlines", "1")), "");
  EXPECT_EQ(HeadlineCode(HeadlineWith("headlin", "1")), "");
  EXPECT_EQ(HeadlineCode(HeadlineWith("tsx", R"("a")")), "");
  EXPECT_EQ(PriceCode(PriceWith("symbol", "1")), "");
  EXPECT_EQ(PriceCode(PriceWith("price_", "true")), "");
  EXPECT_EQ(HeadlineCode(HeadlineWith("head\\u006cine", R"("again")")), "duplicate_field:headline");
  EXPECT_EQ(HeadlineCode(HeadlineWith("\\u0074s", "1")), "duplicate_field:ts");
}

TEST(MessageDecoderTest, MissingFields) {
  EXPECT_EQ(HeadlineCode(R"({"ts":1,"source":"s","headline":"h"})"), "missing_field:id");
  EXPECT_EQ(HeadlineCode(R"({"id":"i","source":"s","headline":"h"})"), "missing_field:ts");
  EXPECT_EQ(HeadlineCode(R"({"id":"i","ts":1,"headline":"h"})"), "missing_field:source");
  EXPECT_EQ(HeadlineCode(R"({"id":"i","ts":1,"source":"s"})"), "missing_field:headline");
  EXPECT_EQ(PriceCode(R"({"ts":1,"price":1})"), "missing_field:sym");
  EXPECT_EQ(PriceCode(R"({"sym":"A","price":1})"), "missing_field:ts");
  EXPECT_EQ(PriceCode(R"({"sym":"A","ts":1})"), "missing_field:price");
  EXPECT_EQ(PriceCode("{}"), "missing_field:sym");
}

TEST(MessageDecoderTest, WholeMessageErrors) {
  EXPECT_EQ(HeadlineCode(""), "not_json");
  EXPECT_EQ(HeadlineCode("   "), "not_json");
  EXPECT_EQ(HeadlineCode("{"), "not_json");
  EXPECT_EQ(HeadlineCode(R"({"id":"x",})"), "not_json");
  EXPECT_EQ(HeadlineCode("hello"), "not_json");
  EXPECT_EQ(HeadlineCode("[1,2]"), "not_object");
  EXPECT_EQ(HeadlineCode("42"), "not_object");
  EXPECT_EQ(HeadlineCode(R"("text")"), "not_object");
  EXPECT_EQ(HeadlineCode("null"), "not_object");
  EXPECT_EQ(HeadlineCode("[1,]"), "not_json");
  EXPECT_EQ(PriceCode("[1] 2"), "not_json");
}

TEST(MessageDecoderTest, RejectsTrailingContent) {
  EXPECT_EQ(PriceCode("{} x"), "not_json");
  EXPECT_EQ(PriceCode(std::string(kPrice) + " {}"), "not_json");
  EXPECT_EQ(PriceCode(std::string(kPrice) + " 1"), "not_json");
  EXPECT_EQ(HeadlineCode(std::string(kHeadline) + "}"), "not_json");
  // Trailing whitespace (a JSONL line's \r, spaces) is fine.
  EXPECT_EQ(PriceCode(std::string(kPrice) + " \r\n"), "");
}

TEST(MessageDecoderTest, TooLarge) {
  MessageDecoder decoder(64);
  PriceTick p;
  const std::string ok = PriceWith("pad", Quoted(64 - std::string_view(kPrice).size() - 9));
  ASSERT_EQ(ok.size(), 64u);
  EXPECT_TRUE(decoder.DecodePrice(ok, &p).ok());
  EXPECT_EQ(decoder.DecodePrice(ok + " ", &p).Code(), "too_large");
  // The decoder still works after a reject.
  EXPECT_TRUE(decoder.DecodePrice(kPrice, &p).ok());
  EXPECT_EQ(HeadlineCode(std::string(kMaxMessageBytes + 1, ' ')), "too_large");
}

TEST(MessageDecoderTest, BadTypes) {
  EXPECT_EQ(HeadlineCode(HeadlineWith("id", "5")), "bad_type:id");
  EXPECT_EQ(HeadlineCode(HeadlineWith("source", "[]")), "bad_type:source");
  EXPECT_EQ(HeadlineCode(HeadlineWith("headline", "{}")), "bad_type:headline");
  EXPECT_EQ(HeadlineCode(HeadlineWith("body", "true")), "bad_type:body");
  EXPECT_EQ(HeadlineCode(HeadlineWith("lang", "1")), "bad_type:lang");
  EXPECT_EQ(HeadlineCode(HeadlineWith("url", "false")), "bad_type:url");
  EXPECT_EQ(HeadlineCode(HeadlineWith("tickers", R"("NVDA")")), "bad_type:tickers");
  EXPECT_EQ(HeadlineCode(HeadlineWith("tickers", R"(["A",1])")), "bad_type:tickers");
  EXPECT_EQ(HeadlineCode(HeadlineWith("ts", "true")), "bad_type:ts");
  EXPECT_EQ(HeadlineCode(HeadlineWith("ts", "1.5e18")), "bad_type:ts");
  EXPECT_EQ(HeadlineCode(HeadlineWith("ts", R"("yesterday")")), "bad_type:ts");
  EXPECT_EQ(HeadlineCode(HeadlineWith("ts", R"("2024-02-30T00:00:00Z")")), "bad_type:ts");
  EXPECT_EQ(HeadlineCode(HeadlineWith("recv_ts", R"("2024-09-27")")), "bad_type:recv_ts");
  EXPECT_EQ(PriceCode(PriceWith("sym", "1")), "bad_type:sym");
  EXPECT_EQ(PriceCode(PriceWith("price", R"("121.5")")), "bad_type:price");
  EXPECT_EQ(PriceCode(PriceWith("price", "null")), "bad_type:price");
  EXPECT_EQ(PriceCode(PriceWith("size", "[]")), "bad_type:size");
  EXPECT_EQ(PriceCode(PriceWith("kind", "1")), "bad_type:kind");
  EXPECT_EQ(PriceCode(PriceWith("ts", "{}")), "bad_type:ts");
}

TEST(MessageDecoderTest, OutOfRange) {
  EXPECT_EQ(PriceCode(PriceWith("price", "0")), "out_of_range:price");
  EXPECT_EQ(PriceCode(PriceWith("price", "-1")), "out_of_range:price");
  EXPECT_EQ(PriceCode(PriceWith("price", "1e400")), "out_of_range:price");
  EXPECT_EQ(PriceCode(PriceWith("size", "-0.5")), "out_of_range:size");
  EXPECT_EQ(PriceCode(PriceWith("size", "0")), "");
  EXPECT_EQ(PriceCode(PriceWith("kind", R"("auction")")), "out_of_range:kind");
  EXPECT_EQ(PriceCode(PriceWith("kind", R"("Trade")")), "out_of_range:kind");
  EXPECT_EQ(PriceCode(PriceWith("sym", R"("")")), "out_of_range:sym");
  EXPECT_EQ(PriceCode(PriceWith("ts", "-1")), "out_of_range:ts");
  EXPECT_EQ(PriceCode(PriceWith("ts", "9223372036854775808")), "out_of_range:ts");
  EXPECT_EQ(PriceCode(PriceWith("ts", "123456789012345678901234567890")), "out_of_range:ts");
  EXPECT_EQ(PriceCode(PriceWith("ts", R"("2262-01-01T00:00:00Z")")), "out_of_range:ts");
  EXPECT_EQ(PriceCode(PriceWith("ts", R"("9999-12-31T23:59:59Z")")), "out_of_range:ts");
  EXPECT_EQ(PriceCode(PriceWith("ts", R"("0001-01-01T00:00:00Z")")), "out_of_range:ts");
  EXPECT_EQ(PriceCode(PriceWith("ts", R"("1969-12-31T23:59:59Z")")), "out_of_range:ts");
  EXPECT_EQ(PriceCode(PriceWith("recv_ts", "-5")), "out_of_range:recv_ts");
  EXPECT_EQ(HeadlineCode(HeadlineWith("source", R"("")")), "out_of_range:source");
  EXPECT_EQ(HeadlineCode(HeadlineWith("id", R"("")")), "out_of_range:id");
  EXPECT_EQ(HeadlineCode(HeadlineWith("headline", R"("")")), "out_of_range:headline");
}

TEST(MessageDecoderTest, TimesAtTheirEdges) {
  MessageDecoder decoder;
  PriceTick p;
  ASSERT_TRUE(decoder.DecodePrice(PriceWith("ts", "0"), &p).ok());
  EXPECT_EQ(p.ts, 0);
  ASSERT_TRUE(decoder.DecodePrice(PriceWith("ts", "9223372036854775807"), &p).ok());
  EXPECT_EQ(p.ts, INT64_MAX);
  ASSERT_TRUE(decoder.DecodePrice(PriceWith("ts", R"("1970-01-01T00:00:00Z")"), &p).ok());
  EXPECT_EQ(p.ts, 0);
  ASSERT_TRUE(decoder.DecodePrice(PriceWith("ts", R"("1969-12-31T23:00:00-01:00")"), &p).ok());
  EXPECT_EQ(p.ts, 0);
  ASSERT_TRUE(decoder.DecodePrice(PriceWith("ts", R"("2261-12-31T23:59:59.999999999Z")"), &p).ok());
  EXPECT_GT(p.ts, 0);
  ASSERT_TRUE(decoder.DecodePrice(PriceWith("ts", R"("2024-09-27T22:05:00+08:00")"), &p).ok());
  EXPECT_EQ(p.ts, kTs);
  ASSERT_TRUE(decoder.DecodePrice(PriceWith("ts", R"("2024-09-27 14:05:00.000000001z")"), &p).ok());
  EXPECT_EQ(p.ts, kTs + 1);
}

TEST(MessageDecoderTest, DecodesPriceFields) {
  MessageDecoder decoder;
  PriceTick p;
  ASSERT_TRUE(decoder.DecodePrice(kPrice, &p).ok());
  EXPECT_EQ(p.sym, "NVDA");
  EXPECT_EQ(p.ts, kTs);
  EXPECT_EQ(p.price, 121.5);
  EXPECT_EQ(p.size, 0);
  EXPECT_EQ(p.kind, PriceKind::kTrade);
  EXPECT_EQ(p.recv_ts, kNoTime);
  const std::string full =
      R"({"kind":"close","size":300,"recv_ts":"2024-09-27T14:05:01Z","price":118,"ts":"2024-09-27T14:05:00Z","sym":"NV\u0044A"})";
  ASSERT_TRUE(decoder.DecodePrice(full, &p).ok());
  EXPECT_EQ(p.sym, "NVDA");
  EXPECT_EQ(p.kind, PriceKind::kClose);
  EXPECT_EQ(p.size, 300);
  EXPECT_EQ(p.price, 118);
  EXPECT_EQ(p.recv_ts, kTs + kNanosPerSecond);
  ASSERT_TRUE(decoder.DecodePrice(PriceWith("kind", R"("quote")"), &p).ok());
  EXPECT_EQ(p.kind, PriceKind::kQuote);
  ASSERT_TRUE(decoder.DecodePrice(PriceWith("price", "1e-7"), &p).ok());
  EXPECT_EQ(p.price, 1e-7);
}

TEST(MessageDecoderTest, DecodesOptionalQuotesAndRejectsCrossedOnes) {
  MessageDecoder decoder;
  PriceTick p;
  ASSERT_TRUE(decoder.DecodePrice(PriceWith("bid", R"(121.4,"ask":121.6)"), &p).ok());
  EXPECT_EQ(p.bid, 121.4);
  EXPECT_EQ(p.ask, 121.6);
  // Absent or null: 0, also after a message that had them (the decoder reuses the tick).
  ASSERT_TRUE(decoder.DecodePrice(kPrice, &p).ok());
  EXPECT_EQ(p.bid, 0);
  EXPECT_EQ(p.ask, 0);
  ASSERT_TRUE(decoder.DecodePrice(PriceWith("bid", R"(null,"ask":null)"), &p).ok());
  EXPECT_EQ(p.bid, 0);
  EXPECT_EQ(PriceCode(PriceWith("bid", R"(121.5,"ask":121.5)")), "");  // a locked quote
  EXPECT_EQ(PriceCode(PriceWith("bid", R"(121.7,"ask":121.6)")), "out_of_range:ask");
  EXPECT_EQ(PriceCode(PriceWith("bid", "0")), "out_of_range:bid");
  EXPECT_EQ(PriceCode(PriceWith("ask", "-1")), "out_of_range:ask");
  EXPECT_EQ(PriceCode(PriceWith("ask", R"("121.6")")), "bad_type:ask");
  EXPECT_EQ(PriceCode(PriceWith("bid", R"(1,"bid":2)")), "duplicate_field:bid");
}

TEST(MessageDecoderTest, DuplicateFieldsRejected) {
  EXPECT_EQ(PriceCode(R"({"sym":"A","ts":1,"price":1,"price":2})"), "duplicate_field:price");
  EXPECT_EQ(HeadlineCode(HeadlineWith("id", R"("a","id":"b")")), "duplicate_field:id");
  // An escaped key is the same key.
  EXPECT_EQ(PriceCode(R"({"sym":"A","ts":1,"price":1,"pr\u0069ce":2})"), "duplicate_field:price");
  // Duplicates among unknown fields are not our concern.
  EXPECT_EQ(PriceCode(PriceWith("x", R"(1,"x":2)")), "");
}

TEST(MessageDecoderTest, LimitsAtTheirEdges) {
  EXPECT_EQ(HeadlineCode(HeadlineWith("id", Quoted(128))), "");
  EXPECT_EQ(HeadlineCode(HeadlineWith("id", Quoted(129))), "out_of_range:id");
  EXPECT_EQ(HeadlineCode(HeadlineWith("headline", Quoted(2048))), "");
  EXPECT_EQ(HeadlineCode(HeadlineWith("headline", Quoted(2049))), "out_of_range:headline");
  EXPECT_EQ(HeadlineCode(HeadlineWith("body", Quoted(64 * 1024))), "");
  EXPECT_EQ(HeadlineCode(HeadlineWith("body", Quoted(64 * 1024 + 1))), "out_of_range:body");
  // Limits count decoded bytes: "\u00e9" is 6 input bytes but 2 decoded ones.
  std::string accents;
  for (int i = 0; i < 1024; ++i) accents += "\\u00e9";
  EXPECT_EQ(HeadlineCode(HeadlineWith("headline", "\"" + accents + "\"")), "");
  EXPECT_EQ(HeadlineCode(HeadlineWith("headline", "\"" + accents + "x\"")),
            "out_of_range:headline");

  std::string tickers = "[";
  for (size_t i = 0; i < kMaxTickers; ++i) tickers += std::string(i ? "," : "") + "\"T\"";
  EXPECT_EQ(HeadlineCode(HeadlineWith("tickers", tickers + "]")), "");
  EXPECT_EQ(HeadlineCode(HeadlineWith("tickers", tickers + ",\"U\"]")), "out_of_range:tickers");
  EXPECT_EQ(HeadlineCode(HeadlineWith("tickers", "[]")), "");
}

TEST(MessageDecoderTest, Utf8) {
  // Raw invalid UTF-8 anywhere: simdjson checks the whole input, so no field is named.
  EXPECT_EQ(HeadlineCode(HeadlineWith("headline", "\"bad \xff byte\"")), "invalid_utf8");
  EXPECT_EQ(HeadlineCode(HeadlineWith("other", "\"\xc0\xaf\"")), "invalid_utf8");
  // A \u escape forming a lone or reversed surrogate names the field.
  EXPECT_EQ(HeadlineCode(HeadlineWith("headline", R"("x \ud800 y")")), "invalid_utf8:headline");
  EXPECT_EQ(HeadlineCode(HeadlineWith("headline", R"("\udc00\ud800")")), "invalid_utf8:headline");
  EXPECT_EQ(HeadlineCode(HeadlineWith("source", R"("\ud83d")")), "invalid_utf8:source");
  EXPECT_EQ(HeadlineCode(HeadlineWith("tickers", R"(["\udfff"])")), "invalid_utf8:tickers");
  // A malformed escape is broken JSON, not bad UTF-8.
  EXPECT_EQ(HeadlineCode(HeadlineWith("headline", R"("\u12")")), "not_json");
  EXPECT_EQ(HeadlineCode(HeadlineWith("headline", R"("\q")")), "not_json");
  // Valid multi-byte text passes.
  EXPECT_EQ(HeadlineCode(HeadlineWith("headline", "\"\xe5\x8c\x97\xe4\xba\xac \xf0\x9f\x93\x88\"")),
            "");
}

TEST(MessageDecoderTest, ViewsStayValidUntilNextDecode) {
  MessageDecoder decoder;
  Headline h;
  std::string json = HeadlineWith("body", R"("esc\taped")");
  ASSERT_TRUE(decoder.DecodeHeadline(json, &h).ok());
  // The decoder copied the input: overwriting the caller's bytes changes nothing.
  json.assign(json.size(), 'x');
  EXPECT_EQ(h.id, "n-1");
  EXPECT_EQ(h.body, "esc\taped");
}

TEST(MessageDecoderTest, ErrorMessagesNameTheField) {
  MessageDecoder decoder;
  PriceTick p;
  const DecodeError e = decoder.DecodePrice(PriceWith("price", "-1"), &p);
  EXPECT_EQ(e.kind, DecodeErrorKind::kOutOfRange);
  EXPECT_STREQ(e.field, "price");
  EXPECT_NE(e.Message().find("'price'"), std::string::npos) << e.Message();
  EXPECT_NE(e.Message().find("> 0"), std::string::npos) << e.Message();
}

}  // namespace
}  // namespace tripline
