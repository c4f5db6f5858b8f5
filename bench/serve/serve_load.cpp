// Loopback load on `leakgate serve`'s classify endpoint: throughput and latency percentiles of the guarded server
// against a bare HTTP server answering the same JSON without the guard, both over a classifier that costs ~nothing,
// so the difference is the guard (keys, validation, rate limit, noised policy, request log, metrics), and then the
// guard with the extraction monitor on (all clients under one key, whose lock they share, then a key per client).
// The CPU column is the whole process's user + system time per request, clients included: the rows' difference is
// what the guard costs the machine per request, whatever the queueing on its cores.
//   serve_load [clients] [requests_per_client] [rounds]  the servers in this process, then each row's medians
//   serve_load --external HOST PORT KEY [requests]      one client against a running `leakgate serve`
#include <httplib.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "serve/server.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kHeader =
    "| server | clients | requests | requests/s | p50 us | p99 us | CPU us/request | failures |\n"
    "|---|---|---|---|---|---|---|---|\n";

class ConstantClassifier : public leakgate::audit::Classifier {
 public:
  std::vector<std::vector<leakgate::audit::ClassProbability>> TopKClasses(std::span<const std::string> texts,
                                                                          std::size_t k) override {
    std::vector<leakgate::audit::ClassProbability> answer;
    for (int c = 0; c < 8; ++c) answer.push_back({"class_" + std::to_string(c), (8.0 - c) / 36.0});
    answer.resize(std::min(k, answer.size()));
    return std::vector<std::vector<leakgate::audit::ClassProbability>>(texts.size(), answer);
  }
};

struct Load {
  double seconds = 0.0;
  double cpu_seconds = 0.0;       // user + system time of this process
  std::vector<double> latencies;  // seconds, every request
  std::size_t failures = 0;
};

double ProcessCpuSeconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec); };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// `clients` threads, client c sending with keys[c % keys.size()].
Load Drive(const std::string& host, int port, const std::vector<std::string>& keys, int clients, int requests) {
  static int runs = 0;  // in the texts, so that no run repeats another's (the cross-key index would link them)
  const int run = runs++;
  Load load;
  std::vector<std::vector<double>> per_client(static_cast<std::size_t>(clients));
  std::vector<std::size_t> failures(static_cast<std::size_t>(clients), 0);
  const auto start = Clock::now();
  const double cpu_start = ProcessCpuSeconds();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client client(host, port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      const httplib::Headers headers{{"Authorization", "Bearer " + keys[static_cast<std::size_t>(c) % keys.size()]}};
      for (int i = 0; i < requests; ++i) {
        const std::string text = "note " + std::to_string(run) + "." + std::to_string(c) + " " + std::to_string(i) +
                                 ": patient called about a refill";
        const std::string body = nlohmann::json({{"texts", {text}}}).dump();
        const auto sent = Clock::now();
        auto response = client.Post("/v1/classify", headers, body, "application/json");
        per_client[static_cast<std::size_t>(c)].push_back(std::chrono::duration<double>(Clock::now() - sent).count());
        if (!response || response->status != 200) ++failures[static_cast<std::size_t>(c)];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  load.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  load.cpu_seconds = ProcessCpuSeconds() - cpu_start;
  for (int c = 0; c < clients; ++c) {
    load.latencies.insert(load.latencies.end(), per_client[static_cast<std::size_t>(c)].begin(),
                          per_client[static_cast<std::size_t>(c)].end());
    load.failures += failures[static_cast<std::size_t>(c)];
  }
  std::sort(load.latencies.begin(), load.latencies.end());
  return load;
}

// Each row's figures over the rounds, for the medians printed at the end: requests/s, p50 us, CPU us/request.
struct RowFigures {
  std::string name;
  int clients = 0;
  std::vector<double> rate, p50, cpu;
};
std::vector<RowFigures> rows;

void Print(const char* name, int clients, const Load& load) {
  auto percentile = [&](double p) {
    return load.latencies[std::min(load.latencies.size() - 1, static_cast<std::size_t>(p * load.latencies.size()))];
  };
  const auto requests = static_cast<double>(load.latencies.size());
  const double rate = requests / load.seconds, cpu = load.cpu_seconds / requests * 1e6;
  std::printf("| %s | %d | %zu | %.0f | %.0f | %.0f | %.0f | %zu |\n", name, clients, load.latencies.size(), rate,
              percentile(0.5) * 1e6, percentile(0.99) * 1e6, cpu, load.failures);
  auto row = std::find_if(rows.begin(), rows.end(),
                          [&](const RowFigures& r) { return r.name == name && r.clients == clients; });
  if (row == rows.end()) row = rows.insert(rows.end(), RowFigures{name, clients, {}, {}, {}});
  row->rate.push_back(rate);
  row->p50.push_back(percentile(0.5) * 1e6);
  row->cpu.push_back(cpu);
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

// The medians over the rounds, and each row's CPU per request beyond the bare server's with as many clients,
// median of the per-round differences (the rounds alternate the servers, so a slow minute hits them alike).
void PrintMedians() {
  std::printf(
      "\nmedians over %zu rounds\n| server | clients | requests/s | p50 us | CPU us/request | CPU beyond bare |\n"
      "|---|---|---|---|---|---|\n",
      rows.empty() ? 0 : rows[0].cpu.size());
  for (const RowFigures& row : rows) {
    const auto bare = std::find_if(rows.begin(), rows.end(), [&](const RowFigures& r) {
      return r.clients == row.clients && r.name.starts_with("bare");
    });
    std::vector<double> beyond;
    for (std::size_t i = 0; i < row.cpu.size() && i < bare->cpu.size(); ++i)
      beyond.push_back(row.cpu[i] - bare->cpu[i]);
    std::printf("| %s | %d | %.0f | %.0f | %.0f | %.0f |\n", row.name.c_str(), row.clients, Median(row.rate),
                Median(row.p50), Median(row.cpu), Median(beyond));
  }
}

// The same request and answer without the guard: parse, classify, serialise.
void ServeBare(httplib::Server& server, leakgate::audit::Classifier& model) {
  server.Post("/v1/classify", [&model](const httplib::Request& request, httplib::Response& response) {
    const auto body = nlohmann::json::parse(request.body);
    std::vector<std::string> texts = body["texts"].get<std::vector<std::string>>();
    nlohmann::ordered_json results = nlohmann::ordered_json::array();
    for (const auto& answer : model.TopKClasses(texts, leakgate::audit::kAllClasses)) {
      nlohmann::ordered_json classes = nlohmann::ordered_json::array();
      for (const auto& entry : answer) classes.push_back({{"label", entry.label}, {"probability", entry.probability}});
      results.push_back(std::move(classes));
    }
    response.set_content(nlohmann::ordered_json({{"results", results}}).dump(), "application/json");
  });
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  if (argc >= 5 && std::string(argv[1]) == "--external") {
    const int requests = argc > 5 ? std::atoi(argv[5]) : 200;
    std::printf("%s", kHeader);
    Print("external", 1, Drive(argv[2], std::atoi(argv[3]), {argv[4]}, 1, requests));
    return 0;
  }
  const int clients = argc > 1 ? std::atoi(argv[1]) : 4;
  const int requests = argc > 2 ? std::atoi(argv[2]) : 5000;
  const int rounds = argc > 3 ? std::atoi(argv[3]) : 2;
  ConstantClassifier model;
  // The coverage signal's vocabulary, as `leakgate serve` builds it from the training records.
  std::vector<std::string> training;
  for (int i = 0; i < 2000; ++i) training.push_back("note " + std::to_string(i) + ": patient called about a refill");
  const auto coverage = std::make_shared<const leakgate::serve::InputCoverage>(training, 5);
  const auto log = std::filesystem::temp_directory_path() / ("serve_load_" + std::to_string(::getpid()) + ".jsonl");
  std::printf("%s", kHeader);
  for (int round = 0; round < rounds; ++round) {
    {
      httplib::Server bare;
      bare.set_tcp_nodelay(true);
      bare.set_keep_alive_max_count(100);  // as the guarded server
      ServeBare(bare, model);
      const int port = bare.bind_to_any_port("127.0.0.1");
      std::thread thread([&] { bare.listen_after_bind(); });
      while (!bare.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      Print("bare httplib + JSON", 1, Drive("127.0.0.1", port, {""}, 1, requests / 2));
      Print("bare httplib + JSON", clients, Drive("127.0.0.1", port, {""}, clients, requests));
      bare.stop();
      thread.join();
    }
    for (const bool monitored : {false, true}) {
      leakgate::serve::KeyStore keys;
      std::vector<std::string> client_keys;
      for (int c = 0; c < clients; ++c) client_keys.push_back(keys.Add("load" + std::to_string(c), "partner"));
      leakgate::serve::ServeSettings settings;
      settings.port = 0;
      settings.request_log = log;
      settings.tiers = {{"partner", {{leakgate::audit::OutputPolicyKind::kTopK, 3}, 0.02}, {1e9, 1e9, 0}, {}}};
      settings.monitor.enabled = monitored;
      settings.monitor.cross_key_history = 4096;  // as configs/serving/serve.yaml ships it
      settings.coverage = coverage;
      leakgate::serve::GuardedServer guarded(settings, std::move(keys), model, std::string(64, 'k'));
      const int port = guarded.Bind();
      std::thread thread([&] { guarded.Run(); });
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      const char* name = monitored ? "guarded + monitor" : "guarded (top3 + noise, log)";
      Print(name, 1, Drive("127.0.0.1", port, client_keys, 1, requests / 2));
      Print(name, clients, Drive("127.0.0.1", port, {client_keys[0]}, clients, requests));
      if (monitored)
        Print("guarded + monitor, a key per client", clients, Drive("127.0.0.1", port, client_keys, clients, requests));
      guarded.Stop();
      thread.join();
    }
  }
  std::filesystem::remove(log);
  PrintMedians();
  return 0;
}
