#pragma once
// `kiosk-server admin --data DIR <command>`: JSON lines on stdout; a secret the command makes
// (enrolment code, API key) alone on the last line. Exit 0, or 1 with a message on stderr.
#include <ostream>
#include <string>
#include <vector>

namespace hp::server {

int run_admin(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace hp::server
