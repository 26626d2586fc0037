#pragma once
// Helpers shared by the test suites: reference vectors and scratch folders.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace hp::test {

// Parses tests/vectors/<name>: the repository's copy of the independently sourced reference vectors.
nlohmann::json load_vectors(const std::string& name);

// A shell command's exit code and standard output (stderr is left alone).
struct CommandRun {
  int exit_code = -1;
  std::string out;
};
CommandRun run_command(const std::string& shell_command);

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
