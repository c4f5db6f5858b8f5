#include "serve/red_team_client.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "common/errors.h"

namespace leakgate::serve {

httplib::Result PostWaitingOutLimits(httplib::Client& client, std::atomic<double>& clock, const std::string& key,
                                     const std::string& path, const std::string& body, double& waited) {
  const httplib::Headers headers = {{"Authorization", "Bearer " + key}};
  while (true) {
    httplib::Result result = client.Post(path, headers, body, "application/json");
    if (!result)
      throw common::InternalError("red team: the server did not answer (" + httplib::to_string(result.error()) + ")");
    if (result->status != 429 || !result->has_header("Retry-After")) return result;
    const double wait = std::stod(result->get_header_value("Retry-After"));
    clock.store(clock.load() + wait);
    waited += wait;
  }
}

std::vector<LoggedRequest> ReadRequestLog(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::vector<LoggedRequest> requests;
  for (std::string line; std::getline(file, line);) {
    const nlohmann::json entry = nlohmann::json::parse(line);
    LoggedRequest request;
    if (entry["key_id"].is_string()) request.key_id = entry["key_id"].get<std::string>();
    request.status = entry["status"].get<int>();
    request.texts = entry["texts"].get<std::size_t>();
    if (entry.contains("monitor_flags")) request.flags = entry["monitor_flags"].get<std::vector<std::string>>();
    requests.push_back(std::move(request));
  }
  return requests;
}

std::map<std::string, FlagHistory> FlagHistories(const std::vector<LoggedRequest>& requests,
                                                 const std::map<std::string, std::string>& owner_of_key) {
  std::map<std::string, FlagHistory> histories;
  std::map<std::string, std::size_t> answered;
  std::set<std::string> flagged_keys;
  for (const LoggedRequest& request : requests) {
    const auto owner = owner_of_key.find(request.key_id);
    if (owner == owner_of_key.end()) continue;
    FlagHistory& history = histories[owner->second];
    if (request.status == 200) answered[owner->second] += request.texts;
    if (request.flags.empty()) continue;
    if (!history.texts_until_flag) {
      history.texts_until_flag = answered[owner->second];
      history.first_flag = request.flags.front();
    }
    if (flagged_keys.insert(request.key_id).second) ++history.keys_flagged;
  }
  return histories;
}

}  // namespace leakgate::serve
