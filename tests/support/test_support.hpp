#pragma once
// Helpers shared by the test suites: reference vectors and scratch folders.
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace hp::test {

// Parses tests/vectors/<name>: the repository's copy of the independently sourced reference vectors.
nlohmann::json load_vectors(const std::string& name);

// A shell command's exit code and standard output (stderr is left alone).
struct CommandRun {
  int exit_code = -1;
  std::string out;
};
CommandRun run_command(const std::string& shell_command);
// A loopback TCP port that was free a moment ago (bound, read back, closed): nothing listens
// there now, and a server started next can usually have it. 0 when no socket could be bound.
int free_port();
// argv run through the shell, each word quoted; `out` holds stdout and stderr together.
CommandRun run_argv(const std::vector<std::string>& argv);
std::string shell_quote(const std::string& word);

// Polls ok() until it holds or `within` has passed; returns the last answer. For waiting on
// another thread or process, never as an assertion about time.
template <class F>
bool eventually(F ok, std::chrono::milliseconds within = std::chrono::seconds(15),
                std::chrono::milliseconds every = std::chrono::milliseconds(20)) {
  const auto until = std::chrono::steady_clock::now() + within;
  while (std::chrono::steady_clock::now() < until) {
    if (ok()) return true;
    std::this_thread::sleep_for(every);
  }
  return ok();
}

// A fresh, empty folder under the build tree, removed when the object goes away.
class TempDir {
 public:
  explicit TempDir(const std::string& tag);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace hp::test
