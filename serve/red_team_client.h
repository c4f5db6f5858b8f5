// How the red teams call the guarded server on loopback: as one key, waiting out each rate limit on the simulated
// clock instead of the wall clock. Internal to serve/.
#pragma once

#include <httplib.h>

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "serve/server.h"

namespace leakgate::serve {

// The simulated clock's start (2026-01-01T00:00:00Z): red-team servers read their time from it.
inline constexpr double kSimulatedStart = 1767225600.0;

// Binds `server` to its (loopback) address and runs it in a thread of its own until Stop() or destruction.
class LoopbackRun {
 public:
  explicit LoopbackRun(GuardedServer& server) : server_(server), port_(server.Bind()) {
    thread_ = std::thread([this] { server_.Run(); });
  }
  ~LoopbackRun() { Stop(); }
  LoopbackRun(const LoopbackRun&) = delete;
  LoopbackRun& operator=(const LoopbackRun&) = delete;
  int port() const { return port_; }
  // Stop the clients' kept-alive connections first, or the server waits out their read timeout.
  void Stop() {
    server_.Stop();
    if (thread_.joinable()) thread_.join();
  }

 private:
  GuardedServer& server_;
  int port_;
  std::thread thread_;
};

// A guarded server of its own on loopback, its clock the simulated one, and a kept-alive client to it. Each red-team
// attacker, and the customers, meet a door of their own, so that the monitor's cross-key index cannot link an attacker
// to the ones the red team happened to run before it.
struct Door {
  template <typename Model>
  Door(const ServeSettings& settings, const KeyStore& keys, Model& model, const std::string& secret,
       std::atomic<double>& clock)
      : server(settings, keys, model, secret, [&clock] { return clock.load(); }),
        running(server),
        client("127.0.0.1", running.port()) {
    client.set_keep_alive(true);
    client.set_tcp_nodelay(true);
  }
  // The kept-alive connection goes first, or the server waits out its read timeout.
  ~Door() {
    client.stop();
    running.Stop();
  }
  Door(const Door&) = delete;
  Door& operator=(const Door&) = delete;

  GuardedServer server;
  LoopbackRun running;
  httplib::Client client;
};

// Posts `body` (JSON) to `path` as `key`. A 429 with Retry-After moves `clock` ahead by that many seconds (added to
// `waited`) and the request is sent again; the first other answer is returned. Throws common::InternalError when the
// server does not answer.
httplib::Result PostWaitingOutLimits(httplib::Client& client, std::atomic<double>& clock, const std::string& key,
                                     const std::string& path, const std::string& body, double& waited);

// One request log line as the red team reads it back: what the operator sees.
struct LoggedRequest {
  std::string key_id;
  int status = 0;
  std::size_t texts = 0;
  std::vector<std::string> flags;
};

std::vector<LoggedRequest> ReadRequestLog(const std::filesystem::path& path);

// Texts answered until the first flag, the flag, and the keys flagged, over the log lines of one owner's keys.
struct FlagHistory {
  std::optional<std::size_t> texts_until_flag;
  std::string first_flag;
  std::size_t keys_flagged = 0;
};

// Each owner's flag history (owner_of_key: key id -> owner) over the logged requests, in order.
std::map<std::string, FlagHistory> FlagHistories(const std::vector<LoggedRequest>& requests,
                                                 const std::map<std::string, std::string>& owner_of_key);

}  // namespace leakgate::serve
