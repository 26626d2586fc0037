#include "tests/e2e/kiosk_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace hp::test {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

KioskRun run_kiosk(const std::vector<std::string>& args, std::chrono::milliseconds timeout,
                   std::chrono::milliseconds kill_after) {
  KioskRun run;
  char log_template[] = "/tmp/hp-kiosk-log-XXXXXX";
  const int log_fd = mkstemp(log_template);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, log_fd, 1);
  posix_spawn_file_actions_adddup2(&fa, log_fd, 2);
  std::vector<std::string> argv_s{HP_KIOSK_BIN};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, HP_KIOSK_BIN, &fa, nullptr, argv.data(), environ) != 0) {
    run.output = "spawn failed";
    return run;
  }
  posix_spawn_file_actions_destroy(&fa);
  const auto start = std::chrono::steady_clock::now();
  int status = 0;
  while (true) {
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) break;
    const auto elapsed = std::chrono::steady_clock::now() - start;
    if ((kill_after.count() > 0 && elapsed >= kill_after) || elapsed >= timeout) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      run.killed = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (!run.killed && WIFEXITED(status)) run.exit_code = WEXITSTATUS(status);
  close(log_fd);
  run.output = read_file(log_template);
  unlink(log_template);
  return run;
}

}  // namespace hp::test
