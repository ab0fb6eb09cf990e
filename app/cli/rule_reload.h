// RuleReload: loads and compiles a rule pack on a worker thread and hands the result back on
// the event loop, so that a reload of thousands of rules (seconds of Hyperscan compile) never
// stalls the loop -- nor /healthz, which the loop serves. One reload at a time: Start() refuses
// a second while the first compiles. Shared by `tripline run` and `tripline route`.
//
// Thread-safety: Start() and the `loaded` callback run on the io_context's thread; Join() (or
// the destructor) from the owner, after the loop stopped or before it is destroyed.
#ifndef TRIPLINE_APP_CLI_RULE_RELOAD_H_
#define TRIPLINE_APP_CLI_RULE_RELOAD_H_

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "app/admin/admin_server.h"
#include "core/metrics.h"
#include "rules/compiled_rules.h"
#include "rules/rule_loader.h"

namespace tripline::cli {

class RuleReload {
 public:
  using Loaded = std::function<void(absl::StatusOr<std::shared_ptr<const CompiledRules>>)>;
  using Install = std::function<void(std::shared_ptr<const CompiledRules>)>;

  // `io` is not owned and must outlive the reload.
  explicit RuleReload(boost::asio::io_context* io) : io_(io) {}
  ~RuleReload() { Join(); }
  RuleReload(const RuleReload&) = delete;
  RuleReload& operator=(const RuleReload&) = delete;

  // Starts loading `path`; `loaded` runs on the loop with the result. False (and `loaded` is
  // not called) while a reload is still running.
  bool Start(std::string path, Loaded loaded) {
    if (running_) return false;
    running_ = true;
    Join();  // the previous one, finished
    thread_ = std::thread([this, path = std::move(path), loaded = std::move(loaded)]() mutable {
      auto rules = LoadRules(path);
      boost::asio::post(*io_,
                        [this, rules = std::move(rules), loaded = std::move(loaded)]() mutable {
                          running_ = false;
                          loaded(std::move(rules));
                        });
    });
    return true;
  }

  // The whole reload as the admin endpoint and SIGHUP ask for it: loads `path` off the loop,
  // then on the loop `install`s a valid pack and counts it in `ok`, or counts a rejected one
  // in `rejected` (the old rules stay); `done` gets the outcome. A reload asked for while one
  // runs is refused (Unavailable: HTTP 409).
  void Reload(const std::string& path, Install install, Counter* ok, Counter* rejected,
              AdminHandlers::ReloadDone done) {
    auto loaded = [path, install = std::move(install), ok, rejected,
                   done](absl::StatusOr<std::shared_ptr<const CompiledRules>> rules) {
      if (!rules.ok()) {
        rejected->Inc();
        done(rules.status());
        return;
      }
      const size_t count = (*rules)->rule_count();
      install(*std::move(rules));
      ok->Inc();
      done(absl::StrCat("reloaded ", count, " rules from ", path));
    };
    if (!Start(path, std::move(loaded))) {
      done(absl::UnavailableError("a reload is already running; try again when it is done"));
    }
  }

  void Join() {
    if (thread_.joinable()) thread_.join();
  }

 private:
  boost::asio::io_context* io_;
  bool running_ = false;  // on the loop's thread
  std::thread thread_;
};

}  // namespace tripline::cli

#endif  // TRIPLINE_APP_CLI_RULE_RELOAD_H_
