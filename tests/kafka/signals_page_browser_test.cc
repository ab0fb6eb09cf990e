// The live signals page in a real browser: `tripline demo --admin 127.0.0.1:PORT` runs the sample
// day, and headless Chromium (Debian's `chromium`, deploy/setup.sh) loads the page and must show
// the committed H20 signal in its DOM; a screenshot of it must not be blank; and when the
// engine stops under an open page, the page must show that its stream dropped.
//
// Not flaky by design: the browser starts after the demo printed the signal (its post-commit
// printer), the demo lingers, and the server's history ring hands a late page every committed
// signal; the browsers hold the page open until the demo is stopped (below).
#include <zlib.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <future>
#include <set>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "absl/strings/str_cat.h"
#include "app/admin/admin_server.h"
#include "io/codec/signal_encoder.h"
#include "tests/kafka/kafka_test_env.h"

namespace tripline::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const std::string kSource = TRIPLINE_SOURCE_DIR;
const char* kChromium = "/usr/bin/chromium";

// Headless Chromium with a fresh profile, and nothing that reaches the network on its own.
std::vector<std::string> ChromiumArgs(const std::string& profile) {
  return {kChromium,
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--hide-scrollbars",
          "--user-data-dir=" + profile};
}

uint32_t BigEndian32(const unsigned char* p) {
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}

struct PngStats {
  int width = 0, height = 0;
  size_t colours = 0;         // distinct RGB colours
  double off_background = 0;  // fraction of pixels unlike the top-left one
  std::string error;
};

// Decodes an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes) far enough to count
// its colours: inflate the IDAT stream and undo each row's filter.
PngStats AnalysePng(const std::string& png) {
  PngStats st;
  const auto* d = reinterpret_cast<const unsigned char*>(png.data());
  if (png.size() < 33 || png.compare(1, 3, "PNG") != 0) {
    st.error = "not a PNG";
    return st;
  }
  std::string idat;
  int channels = 0;
  for (size_t at = 8; at + 12 <= png.size();) {
    uint32_t len = BigEndian32(d + at);
    std::string type = png.substr(at + 4, 4);
    if (at + 12 + len > png.size()) break;
    if (type == "IHDR") {
      st.width = BigEndian32(d + at + 8);
      st.height = BigEndian32(d + at + 12);
      int depth = d[at + 16], colour = d[at + 17], interlace = d[at + 20];
      channels = colour == 6 ? 4 : (colour == 2 ? 3 : 0);
      if (depth != 8 || channels == 0 || interlace != 0) {
        st.error = "unsupported PNG format";
        return st;
      }
    } else if (type == "IDAT") {
      idat.append(png, at + 8, len);
    }
    at += 12 + len;
  }
  const size_t stride = size_t(st.width) * channels;
  std::vector<unsigned char> raw((stride + 1) * st.height);
  uLongf raw_len = raw.size();
  if (uncompress(raw.data(), &raw_len, reinterpret_cast<const Bytef*>(idat.data()), idat.size()) !=
          Z_OK ||
      raw_len != raw.size()) {
    st.error = "bad image data";
    return st;
  }
  std::vector<unsigned char> prev(stride, 0), row(stride);
  std::set<uint32_t> colours;
  uint32_t background = 0;
  size_t off = 0;
  for (int y = 0; y < st.height; ++y) {
    const unsigned char* in = &raw[y * (stride + 1)];
    const int filter = in[0];
    for (size_t x = 0; x < stride; ++x) {
      int a = x >= size_t(channels) ? row[x - channels] : 0;
      int b = prev[x];
      int c = x >= size_t(channels) ? prev[x - channels] : 0;
      int pred = 0;
      switch (filter) {
        case 1:
          pred = a;
          break;
        case 2:
          pred = b;
          break;
        case 3:
          pred = (a + b) / 2;
          break;
        case 4: {
          int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
          pred = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c);
          break;
        }
        default:
          break;
      }
      row[x] = static_cast<unsigned char>(in[1 + x] + pred);
    }
    for (int x = 0; x < st.width; ++x) {
      const unsigned char* px = &row[x * channels];
      uint32_t rgb = uint32_t(px[0]) << 16 | uint32_t(px[1]) << 8 | px[2];
      if (x == 0 && y == 0) background = rgb;
      if (rgb != background) ++off;
      if (colours.size() < 100000) colours.insert(rgb);
    }
    prev.swap(row);
  }
  st.colours = colours.size();
  st.off_background = double(off) / (double(st.width) * st.height);
  return st;
}

TEST(SignalsPageBrowserTest, TheDemosH20SignalAppearsInChromium) {
  ASSERT_TRUE(fs::exists(kChromium))
      << kChromium << " is missing: deploy/setup.sh installs Debian's chromium";
  const std::string dir = ::testing::TempDir() + "/" + UniqueName("signals-page");
  fs::create_directories(dir);
  const int port = FreePort();
  const std::string url = absl::StrCat("http://127.0.0.1:", port, "/");

  ChildProcess demo;
  const std::string demo_log = dir + "/demo.log";
  ASSERT_TRUE(demo.Start({TRIPLINE_BINARY, "demo", "--duration", "2", "--linger", "300", "--admin",
                          absl::StrCat("127.0.0.1:", port), "--rules",
                          kSource + "/rules/packs/china-ai-chips", "--headlines",
                          kSource + "/examples/h20-guidance/headlines.jsonl", "--prices",
                          kSource + "/examples/h20-guidance/prices.jsonl"},
                         demo_log)
                  .ok());
  // The demo prints the signal from its post-commit sink: it is committed, so in the ring.
  bool fired = false;
  for (int i = 0; i < 900 && !fired; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    fired = ReadFile(demo_log).find("SIGNAL 2025-08-12T15:36:00Z") != std::string::npos;
  }
  ASSERT_TRUE(fired) << ReadFile(demo_log);

  // Two browsers: one dumps the DOM, one takes a screenshot. Each runs with a virtual-time
  // budget, which does not run out while a request is open: they hold the page and its stream
  // until the demo stops. So the DOM is the page's after the stream delivered the committed
  // signal and then dropped (it must show both), and nothing depends on how fast the page
  // renders.
  auto stream_clients = [&](int n) {
    auto metrics = HttpRequest(port, "GET", "/metrics");
    return metrics.ok() && metrics->find(absl::StrCat("\ntripline_signal_stream_clients ", n,
                                                      "\n")) != std::string::npos;
  };
  ASSERT_TRUE(stream_clients(0));
  std::vector<std::string> dom_args = ChromiumArgs(dir + "/profile-dom");
  for (std::string a : {"--virtual-time-budget=5000", "--dump-dom"}) dom_args.push_back(a);
  dom_args.push_back(url);
  const std::string dom_out = dir + "/dom.html";
  ChildProcess dom_browser;
  ASSERT_TRUE(dom_browser.Start(dom_args, dom_out).ok());

  const std::string png_path = dir + "/page.png";
  std::vector<std::string> shot_args = ChromiumArgs(dir + "/profile-shot");
  shot_args.push_back("--virtual-time-budget=5000");
  shot_args.push_back("--window-size=1200,700");
  shot_args.push_back("--screenshot=" + png_path);
  shot_args.push_back(url);
  ChildProcess shot_browser;
  ASSERT_TRUE(shot_browser.Start(shot_args, dir + "/screenshot.log").ok());

  bool connected = false;
  for (int i = 0; i < 1200 && !connected; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    connected = stream_clients(2);
  }
  ASSERT_TRUE(connected) << "the pages never opened their streams";
  // The stream sends the history ring as soon as a client connects; let it arrive.
  std::this_thread::sleep_for(std::chrono::seconds(1));

  demo.Signal(SIGTERM);
  auto exit = demo.Wait(std::chrono::seconds(30));
  ASSERT_TRUE(exit.ok()) << exit.status();
  EXPECT_EQ(*exit, 0) << ReadFile(demo_log);

  auto dom_code = dom_browser.Wait(std::chrono::seconds(120));
  ASSERT_TRUE(dom_code.ok()) << dom_code.status();
  const std::string dom = ReadFile(dom_out);
  EXPECT_THAT(dom, HasSubstr("data-signal-id="));
  EXPECT_THAT(dom, HasSubstr("</mark> local firms to <mark>avoid</mark> <mark>Nvidia</mark> "
                             "<mark>H20</mark> chips in <mark>informal guidance</mark>"))
      << "the H20 headline, its matched phrases marked";
  EXPECT_THAT(dom, HasSubstr("class=\"instrument\">NVDA</span>"));
  EXPECT_THAT(dom, HasSubstr("<option value=\"cn_guidance_against_us_ai_chips\">"))
      << "the rule filter lists the signal's rule";
  EXPECT_THAT(dom, HasSubstr("id=\"status\" class=\"down\"")) << "the drop indicator";
  EXPECT_THAT(dom, HasSubstr("stream dropped"));

  auto shot_code = shot_browser.Wait(std::chrono::seconds(120));
  ASSERT_TRUE(shot_code.ok()) << shot_code.status();
  PngStats png = AnalysePng(ReadFile(png_path));
  ASSERT_TRUE(png.error.empty()) << png.error << "\n" << ReadFile(dir + "/screenshot.log");
  EXPECT_EQ(png.width, 1200);
  EXPECT_EQ(png.height, 700);
  // Text in several colours on the dark background: far from one flat colour.
  EXPECT_GT(png.colours, 50u);
  EXPECT_GT(png.off_background, 0.05);
  std::printf("screenshot: %s (%zu colours, %.1f%% off the background)\n", png_path.c_str(),
              png.colours, png.off_background * 100);

  // The browser profiles are large; the logs, DOMs and the screenshot stay for a look.
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().filename().string().rfind("profile-", 0) == 0) fs::remove_all(entry.path());
  }
}

Signal PageSignal(const std::string& id, const std::string& rule, const std::string& instrument,
                  const std::string& ts) {
  Signal s;
  s.signal_id = id;
  s.rule = rule;
  s.instrument = instrument;
  s.direction = Direction::kShort;
  s.score = 0.7;
  s.severity = "high";
  ParseRfc3339(ts, &s.ts);
  s.headlines.push_back({"h-" + id,
                         "Reuters",
                         "Beijing urges firms to avoid " + instrument,
                         s.ts,
                         {"Beijing", "urges"}});
  s.explanation = "why " + id;
  return s;
}

// The page's view of a retraction, with the admin server alone: the withdrawn signal is marked
// as such, the retraction names it, and the filters list every rule and instrument.
TEST(SignalsPageBrowserTest, ARetractionMarksTheSignalItWithdraws) {
  ASSERT_TRUE(fs::exists(kChromium)) << kChromium << " is missing";
  const std::string dir = ::testing::TempDir() + "/" + UniqueName("signals-page-retraction");
  fs::create_directories(dir);
  boost::asio::io_context io;
  AdminServerOptions options;
  options.signals_page = true;
  auto server = AdminServer::Start(&io, "127.0.0.1:0", AdminHandlers(), options);
  ASSERT_TRUE(server.ok()) << server.status();
  AdminServer& admin = **server;
  Signal a = PageSignal("aaaa0001", "cn_guidance", "NVDA", "2025-08-12T15:36:00Z");
  Signal b = PageSignal("bbbb0002", "us_easing", "AMD", "2025-08-12T16:00:00Z");
  Signal r = PageSignal("cccc0003", "cn_guidance", "NVDA", "2025-08-12T17:00:00Z");
  r.retracts = a.signal_id;
  for (const Signal* s : {&a, &b, &r}) {
    std::string json;
    AppendSignalJson(*s, &json);
    admin.PublishSignal(json);
  }
  auto on_loop = [&](std::function<void()> fn) {
    std::promise<void> done;
    boost::asio::post(io, [&] {
      fn();
      done.set_value();
    });
    done.get_future().wait();
  };
  std::thread loop([&] { io.run(); });

  std::vector<std::string> args = ChromiumArgs(dir + "/profile");
  for (std::string flag : {"--virtual-time-budget=5000", "--dump-dom"}) args.push_back(flag);
  args.push_back(absl::StrCat("http://127.0.0.1:", admin.port(), "/"));
  ChildProcess browser;
  ASSERT_TRUE(browser.Start(args, dir + "/dom.html").ok());
  size_t clients = 0;
  for (int i = 0; i < 1200 && clients == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    on_loop([&] { clients = admin.stream_clients(); });
  }
  ASSERT_EQ(clients, 1u) << "the page never opened its stream";
  std::this_thread::sleep_for(std::chrono::seconds(1));
  on_loop([&] { admin.Close(); });  // the page's stream drops; its budget can run out
  auto code = browser.Wait(std::chrono::seconds(120));
  io.stop();
  loop.join();
  ASSERT_TRUE(code.ok()) << code.status();
  const std::string dom = ReadFile(dir + "/dom.html");
  EXPECT_THAT(dom, HasSubstr("<article class=\"signal short withdrawn\" "
                             "data-signal-id=\"aaaa0001\""));
  EXPECT_THAT(dom, HasSubstr("<span class=\"tag\">withdrawn</span>"));
  EXPECT_THAT(dom, HasSubstr("<article class=\"signal short retraction\" "
                             "data-signal-id=\"cccc0003\""));
  EXPECT_THAT(dom, HasSubstr("Withdraws signal aaaa0001: why cccc0003"));
  EXPECT_THAT(dom, HasSubstr("<option value=\"us_easing\">"));
  EXPECT_THAT(dom, HasSubstr("<option value=\"AMD\">"));
  EXPECT_THAT(dom, HasSubstr(">3 signals<"));
  // Newest first: the retraction (17:00), then AMD (16:00), then the withdrawn NVDA (15:36).
  size_t at_r = dom.find("data-signal-id=\"cccc0003\"");
  size_t at_b = dom.find("data-signal-id=\"bbbb0002\"");
  size_t at_a = dom.find("data-signal-id=\"aaaa0001\"");
  EXPECT_LT(at_r, at_b);
  EXPECT_LT(at_b, at_a);
  fs::remove_all(dir + "/profile");
}

}  // namespace
}  // namespace tripline::testing
