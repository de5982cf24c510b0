#pragma once
// Who is acting and on behalf of which request: passed to every service call
// so audit entries and logs can name them.

#include <string>

namespace tienbo::services {

struct Actor {
  std::string login;       //!< "system" for the CLI and start-up work.
  std::string request_id;  //!< The HTTP request id, or "cli".
};

}  // namespace tienbo::services
