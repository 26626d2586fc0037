// doctest's main, with SIGPIPE ignored: a test that talks HTTPS to a server it then kills (or
// that closes on it) must get EPIPE from OpenSSL's write, not die of the signal.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <csignal>

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  return doctest::Context(argc, argv).run();
}
