#pragma once
// A death test for doctest (which has none): runs fn in a forked child and reports how the
// child ended and what it wrote to stderr. Only the calling thread exists in the child, so fn
// must not wait on other threads or on locks they may have held at the fork.
//
//   auto d = hp::test::run_in_child([&] { owner.check("x"); });
//   CHECK(d.aborted);
//   CHECK(d.err.find("programmer error") != std::string::npos);
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <string>

namespace hp::test {

struct ChildEnd {
  bool aborted = false;  // ended by SIGABRT
  bool exited = false;   // returned from fn (exit status 0)
  bool hung = false;     // still running after the timeout (killed)
  std::string err;       // its stderr
};

inline ChildEnd run_in_child(const std::function<void()>& fn, int timeout_ms = 10'000) {
  ChildEnd end;
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return end;
  pid_t pid = ::fork();
  if (pid == 0) {
    // Default SIGABRT (doctest's handler would report a failure from the child), stderr to
    // the pipe, stdout away.
    ::signal(SIGABRT, SIG_DFL);
    ::dup2(pipe_fds[1], STDERR_FILENO);
    int devnull = ::open("/dev/null", O_WRONLY);
    if (devnull >= 0) ::dup2(devnull, STDOUT_FILENO);
    ::close(pipe_fds[0]);
    fn();
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  if (pid < 0) {
    ::close(pipe_fds[0]);
    return end;
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      end.hung = true;
      ::kill(pid, SIGKILL);
      break;
    }
    pollfd p{pipe_fds[0], POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    char buf[512];
    ssize_t n = ::read(pipe_fds[0], buf, sizeof buf);
    if (n <= 0) break;  // the child closed stderr: it ended
    end.err.append(buf, static_cast<std::size_t>(n));
  }
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!end.hung) {
    end.aborted = WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
    end.exited = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  return end;
}

}  // namespace hp::test
