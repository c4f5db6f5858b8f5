#include "serve/red_team_client.h"

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

}  // namespace leakgate::serve
