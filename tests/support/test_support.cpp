#include "tests/support/test_support.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <cstdio>

#include <atomic>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

namespace hp::test {

nlohmann::json load_vectors(const std::string& name) {
  const std::string path = std::string(HP_TEST_VECTORS) + "/" + name;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("missing reference vectors: " + path);
  return nlohmann::json::parse(in);
}

TempDir::TempDir(const std::string& tag) {
  static std::atomic<int> counter{0};  // test-only: unique names within one process
  path_ = std::filesystem::path(HP_BINARY_DIR) / "test-tmp" /
          (tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

CommandRun run_command(const std::string& shell_command) {
  CommandRun r;
  FILE* p = popen(shell_command.c_str(), "r");
  if (p == nullptr) return r;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p) != nullptr) r.out += buf;
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string shell_quote(const std::string& word) {
  std::string q = "'";
  for (char c : word) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

CommandRun run_argv(const std::vector<std::string>& argv) {
  std::string cmd;
  for (const auto& a : argv) cmd += shell_quote(a) + " ";
  return run_command(cmd + "2>&1");
}

int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0;
  close(fd);
  return ok ? ntohs(a.sin_port) : 0;
}

}  // namespace hp::test
