#pragma once
// Runs the real kiosk binary as a child process, for end-to-end and crash tests.
#include <chrono>
#include <string>
#include <vector>

namespace hp::test {

struct KioskRun {
  int exit_code = -1;  // -1 when killed or timed out
  bool killed = false;
  std::string output;  // stdout + stderr
};

// Starts build/bin/kiosk with args; waits up to `timeout`. If kill_after is set, SIGKILLs the
// process after that long (if it is still running).
KioskRun run_kiosk(const std::vector<std::string>& args, std::chrono::milliseconds timeout,
                   std::chrono::milliseconds kill_after = std::chrono::milliseconds::zero());

std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& text);

}  // namespace hp::test
