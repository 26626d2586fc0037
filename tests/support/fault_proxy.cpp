#include "tests/support/fault_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

namespace hp::test {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr int kTick = 50;           // ms: how often a blocked thread looks at the stop flag
constexpr int kQuiet = 30;          // ms of silence that ends an answer (loopback)
constexpr unsigned char kCcs = 20;  // TLS record types
constexpr unsigned char kAppData = 23;
constexpr std::size_t kMaxAlert = 32;

bool send_all(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    const ssize_t k = ::send(fd, p, n, MSG_NOSIGNAL);
    if (k <= 0) return false;
    p += k;
    n -= static_cast<std::size_t>(k);
  }
  return true;
}

// One poll on up to two fds; which of them can be read.
struct Ready {
  bool a = false, b = false, timeout = false;
};
Ready wait_readable(int a, int b, int ms) {
  pollfd fds[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
  const int n = ::poll(fds, b >= 0 ? 2 : 1, ms);
  Ready r;
  r.timeout = n == 0;
  if (n > 0) {
    r.a = fds[0].revents != 0;
    r.b = b >= 0 && fds[1].revents != 0;
  }
  return r;
}

int connect_loopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

}  // namespace

FaultProxy::FaultProxy(int upstream_port) : upstream_port_(upstream_port) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (listen_fd_ < 0) throw std::runtime_error("fault proxy: socket");
  const int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(listen_fd_, 64) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
    throw std::runtime_error("fault proxy: cannot listen on loopback");
  port_ = ntohs(a.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

FaultProxy::~FaultProxy() {
  stopping_ = true;
  acceptor_.join();
  {
    std::lock_guard lock(mutex_);
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  for (auto& t : threads_) t.join();
  ::close(listen_fd_);
}

void FaultProxy::set_mode(Mode m, milliseconds delay) {
  delay_ms_ = static_cast<int>(delay.count());
  faults_ = 0;
  mode_ = m;
}

void FaultProxy::register_fd(int fd) {
  std::lock_guard lock(mutex_);
  open_fds_.push_back(fd);
}

void FaultProxy::forget_fd(int fd) {
  std::lock_guard lock(mutex_);
  open_fds_.erase(std::remove(open_fds_.begin(), open_fds_.end(), fd), open_fds_.end());
  ::shutdown(fd, SHUT_RDWR);
  ::close(fd);
}

void FaultProxy::accept_loop() {
  while (!stopping_) {
    if (!wait_readable(listen_fd_, -1, kTick).a) continue;
    const int c = ::accept(listen_fd_, nullptr, nullptr);
    if (c < 0) continue;
    const int one = 1;
    ::setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    register_fd(c);
    threads_.emplace_back([this, c] { serve(c); });  // only this thread touches threads_ until the join
  }
}

void FaultProxy::serve(int c) {
  // Holds a connection with nothing answered until the kiosk closes it (or the proxy stops).
  auto hold = [&] {
    char sink[4096];
    while (!stopping_) {
      if (!wait_readable(c, -1, kTick).a) continue;
      if (::read(c, sink, sizeof sink) <= 0) return;
    }
  };
  if (mode_ == Mode::Stall) {
    ++faults_;
    hold();
    forget_fd(c);
    return;
  }
  const int u = connect_loopback(upstream_port_);
  if (u < 0) {
    forget_fd(c);  // nobody upstream: the kiosk sees its connection closed
    return;
  }
  register_fd(u);

  std::string pending;          // the kiosk's bytes not yet forwarded (a record header not yet whole)
  std::size_t record_left = 0;  // bytes of the kiosk's current record still to forward
  bool saw_ccs = false, finished = false;  // the kiosk's part of the handshake
  bool first_request = true, in_exchange = false, answer_started = false;
  Mode exchange = Mode::Pass;
  std::string held;  // CutResponse: the answer, gathered before half of it goes on
  char buf[16384];

  // The server's session tickets follow the kiosk's Finished; they belong to the handshake, not
  // to the first answer, so they go on before the first request does.
  auto settle = [&] {
    const auto until = Clock::now() + milliseconds(500);
    while (Clock::now() < until && wait_readable(u, -1, kQuiet).a) {
      const ssize_t n = ::read(u, buf, sizeof buf);
      if (n <= 0 || !send_all(c, buf, static_cast<std::size_t>(n))) return false;
    }
    return true;
  };

  // Forwards what can be forwarded of the kiosk's bytes; false: the connection ends here.
  auto from_kiosk = [&]() -> bool {
    while (!pending.empty()) {
      if (record_left > 0) {
        const std::size_t k = std::min(record_left, pending.size());
        if (!send_all(u, pending.data(), k)) return false;
        pending.erase(0, k);
        record_left -= k;
        continue;
      }
      if (pending.size() < 5) return true;  // wait for the whole header
      const auto type = static_cast<unsigned char>(pending[0]);
      const std::size_t len = (static_cast<std::size_t>(static_cast<unsigned char>(pending[3])) << 8) |
                              static_cast<unsigned char>(pending[4]);
      record_left = 5 + len;
      if (!finished) {
        // The kiosk's Finished is the first record after its ChangeCipherSpec (TLS 1.2, and 1.3
        // in middlebox-compatible mode as OpenSSL sends it), or its first application-data record.
        if (type == kCcs) saw_ccs = true;
        else if (saw_ccs || type == kAppData) finished = true;
        continue;
      }
      if (type != kAppData || (in_exchange && !answer_started)) continue;  // more of the same request
      // An encrypted alert (close_notify: 2 bytes, the inner type and a 16-byte tag) looks like
      // application data in TLS 1.3; no HTTP request is that short.
      if (len <= kMaxAlert) continue;
      // A request starts.
      if (first_request && !settle()) return false;
      first_request = false;
      exchange = mode_;
      in_exchange = true;
      answer_started = false;
      if (exchange == Mode::DropBeforeRequest) {
        ++faults_;
        return false;
      }
      if (exchange == Mode::Stall) {
        ++faults_;
        hold();
        return false;
      }
      ++forwarded_;
    }
    return true;
  };

  // Handles the server's bytes; false: the connection ends here.
  auto from_server = [&](const char* p, std::size_t n) -> bool {
    if (!in_exchange) return send_all(c, p, n);
    if (!answer_started) {
      answer_started = true;
      if (exchange == Mode::DropAfterRequest) {
        ++faults_;
        return false;
      }
      if (exchange == Mode::Delay) {
        ++faults_;
        const auto until = Clock::now() + milliseconds(delay_ms_.load());
        while (!stopping_ && Clock::now() < until) std::this_thread::sleep_for(milliseconds(5));
      }
    }
    if (exchange == Mode::CutResponse) {
      held.append(p, n);
      return true;
    }
    return send_all(c, p, n);
  };

  while (!stopping_) {
    const bool cutting = exchange == Mode::CutResponse && !held.empty();
    const Ready r = wait_readable(c, u, cutting ? kQuiet : kTick);
    if (r.timeout && cutting) {
      // The whole answer is here: the kiosk gets its first half, then the connection ends.
      ++faults_;
      (void)send_all(c, held.data(), held.size() / 2);
      break;
    }
    if (r.a) {
      const ssize_t n = ::read(c, buf, sizeof buf);
      if (n <= 0) break;
      pending.append(buf, static_cast<std::size_t>(n));
      if (!from_kiosk()) break;
    }
    if (r.b) {
      const ssize_t n = ::read(u, buf, sizeof buf);
      if (n <= 0) break;
      if (!from_server(buf, static_cast<std::size_t>(n))) break;
    }
  }
  forget_fd(u);
  forget_fd(c);
}

}  // namespace hp::test
