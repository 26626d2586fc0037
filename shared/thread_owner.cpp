#include "shared/thread_owner.hpp"

#include <unistd.h>

#include <cstdlib>
#include <sstream>
#include <string>

namespace hp {

void ThreadOwner::fail(const char* what) const {
  std::ostringstream m;
  m << "hp: programmer error: " << what << " ran on thread " << std::this_thread::get_id() << ", but only its ";
  if (owner_.load() == std::thread::id{}) m << "owner thread may run it, and it has none yet";
  else m << "owner thread " << owner_.load() << " may run it";
  m << " (a blocking device call must never run on the caller's thread; send a request instead)\n";
  const std::string s = m.str();
  // write(2), not stdio: the message must get out even if another thread holds a stdio lock.
  [[maybe_unused]] auto n = ::write(STDERR_FILENO, s.data(), s.size());
  std::abort();
}

}  // namespace hp
