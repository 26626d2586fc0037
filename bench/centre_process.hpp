#pragma once
// What the kiosk-server benches share: running the real kiosk-server program, making kiosk
// credentials, drop-off events as a kiosk sends them, gzip as the kiosk's client sends it, and
// reading a process's CPU time and peak RSS from /proc.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "shared/ids.hpp"

namespace hp::bench {

using nlohmann::json;

// Starts argv with its stdout on a pipe: the child's pid and the pipe's read end, or pid -1.
struct Spawned {
  pid_t pid = -1;
  int out = -1;
};
inline Spawned spawn_with_stdout(const std::vector<std::string>& argv) {
  int out[2];
  if (pipe(out) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    close(out[0]);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(out[1]);
  return {pid, out[0]};
}

inline std::string run_capture(const std::vector<std::string>& argv) {
  const auto [pid, fd] = spawn_with_stdout(argv);
  if (pid < 0) return {};
  std::string s;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) s.append(buf, static_cast<std::size_t>(n));
  close(fd);
  waitpid(pid, nullptr, 0);
  return s;
}

inline std::string last_line(const std::string& s) {
  std::string t = s;
  while (!t.empty() && t.back() == '\n') t.pop_back();
  return t.substr(t.rfind('\n') == std::string::npos ? 0 : t.rfind('\n') + 1);
}

// kiosk-server --data DIR [--db URL] on a free loopback port; pid 0 when it did not start.
struct Centre {
  pid_t pid = 0;
  int port = 0;

  static Centre start(const std::string& data, const std::string& db_url, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv{HP_SERVER_BIN, "--data", data, "--listen", "127.0.0.1:0"};
    if (!db_url.empty()) argv.insert(argv.end(), {"--db", db_url});
    argv.insert(argv.end(), extra.begin(), extra.end());
    Centre c;
    const auto [pid, fd] = spawn_with_stdout(argv);
    if (pid < 0) return c;
      std::string line;
    char ch;
    while (read(fd, &ch, 1) == 1 && ch != '\n') line.push_back(ch);
    close(fd);
    const json started = json::parse(line, nullptr, false);
    if (started.is_discarded() || !started.contains("port")) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
      return c;
    }
    c.pid = pid;
    c.port = started["port"].get<int>();
    return c;
  }
  void stop() {
    if (pid <= 0) return;
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
    pid = 0;
  }
};

inline std::vector<std::string> admin(const std::string& data, const std::string& db_url, std::vector<std::string> cmd) {
  std::vector<std::string> argv{HP_SERVER_BIN, "admin", "--data", data};
  if (!db_url.empty()) argv.insert(argv.end(), {"--db", db_url});
  argv.insert(argv.end(), cmd.begin(), cmd.end());
  return argv;
}

inline json make_dropoff(IdGenerator& ids, std::int64_t seq) {
  const std::string d = ids.next();
  json item = {{"id", ids.next()}, {"product_id", "01924f80-0000-7000-8000-100000000001"}, {"product_name", "Cà chua"},
               {"grade", "A"}, {"unit", "kg"}, {"gross_mg", 10500000}, {"tare_mg", 500000}, {"net_mg", 10000000},
               {"pieces", 0}, {"unit_price", 22000}, {"value", 220000}, {"lot_id", ids.next()},
               {"lot_code", "HPL0000000001X"}};
  return {{"id", ids.next()}, {"seq", seq}, {"kind", "dropoff.committed"}, {"schema_version", 1}, {"entity_id", d},
          {"kiosk_time_ms", 1733100000000 + seq},
          {"payload", {{"id", d}, {"farmer_id", "01924f80-0000-7000-8000-200000000001"}, {"farmer_name", "Nguyễn Văn An"},
                       {"clerk", "Bench"}, {"kiosk_id", "k"}, {"created_at", 1733100000000}, {"total", 220000},
                       {"items", json::array({item})}}}};
}

// gzip as the kiosk's client sends it (cpp-httplib's compressor: zlib's default level).
inline std::string gzip(const std::string& in, int level = Z_DEFAULT_COMPRESSION) {
  z_stream z{};
  if (deflateInit2(&z, level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&z, in.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

inline long status_kb(pid_t pid, const char* field) {
  FILE* f = std::fopen(("/proc/" + std::to_string(pid) + "/status").c_str(), "r");
  if (!f) return -1;
  char line[256];
  long kb = -1;
  const std::string fmt = std::string(field) + ": %ld kB";
  while (std::fgets(line, sizeof line, f))
    if (std::sscanf(line, fmt.c_str(), &kb) == 1) break;
  std::fclose(f);
  return kb;
}

// utime + stime of a process, in seconds (/proc/PID/stat fields 14 and 15).
inline double cpu_seconds(pid_t pid) {
  FILE* f = std::fopen(("/proc/" + std::to_string(pid) + "/stat").c_str(), "r");
  if (!f) return -1;
  char buf[2048];
  const std::size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  buf[n] = 0;
  const char* p = std::strrchr(buf, ')');
  if (!p) return -1;
  unsigned long ut = 0, st = 0;
  // After ") ": state(3) then fields 4..13, then utime(14) stime(15).
  if (std::sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2) return -1;
  return static_cast<double>(ut + st) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace hp::bench
