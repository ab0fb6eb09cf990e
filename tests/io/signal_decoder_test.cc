#include "io/codec/signal_decoder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "io/codec/signal_encoder.h"
#include "tests/io/sample_signal.h"

namespace tripline {
namespace {

using ::testing::HasSubstr;

using testing::SampleSignal;

TEST(SignalDecoderTest, ReadsBackWhatTheEncoderWrote) {
  Signal in = SampleSignal();
  std::string json;
  AppendSignalJson(in, &json);
  SignalDecoder decoder;
  Signal out;
  ASSERT_TRUE(decoder.Decode(json, &out).ok());
  // Encoding the decoded signal gives the same bytes: every field came back.
  std::string again;
  AppendSignalJson(out, &again);
  EXPECT_EQ(again, json);
  EXPECT_EQ(out.headlines.at(0).phrases.size(), 2u);
  EXPECT_TRUE(out.retracts.empty());

  Signal retraction = SampleSignal();
  retraction.retracts = "9f2c41d0a7b3e5f1";
  retraction.signal_id = "aa";
  retraction.price.reset();
  json.clear();
  AppendSignalJson(retraction, &json);
  ASSERT_TRUE(decoder.Decode(json, &out).ok());
  EXPECT_EQ(out.retracts, "9f2c41d0a7b3e5f1");
  EXPECT_FALSE(out.price.has_value());
}

TEST(SignalDecoderTest, NamesTheFieldOfWhatIsNotASignal) {
  SignalDecoder decoder;
  Signal out;
  EXPECT_THAT(decoder.Decode("not json", &out).message(), HasSubstr("not a JSON object"));
  EXPECT_THAT(decoder.Decode(R"({"rule":"r","instrument":"X"})", &out).message(),
              HasSubstr("'signal_id'"));
  EXPECT_THAT(decoder
                  .Decode(R"({"signal_id":"a","rule":"r","instrument":"X","direction":"up",)"
                          R"("score":1,"ts":"2024-09-27T14:05:00Z"})",
                          &out)
                  .message(),
              HasSubstr("'direction'"));
  EXPECT_THAT(decoder
                  .Decode(R"({"signal_id":"a","rule":"r","instrument":"X","direction":"long",)"
                          R"("score":1,"ts":"yesterday"})",
                          &out)
                  .message(),
              HasSubstr("'ts'"));
}

}  // namespace
}  // namespace tripline
