#pragma once
// Controller::ask_store, for the controller's own files: the one way store work is started.
#include <utility>

#include "kiosk/app/controller.hpp"
#include "kiosk/app/store_worker.hpp"

namespace hp::app {

template <class Job, class Done>
void Controller::ask_store(Job job, Done done) {
  ++in_flight_;
  worker_.post([this, job = std::move(job), done = std::move(done)](store::Store& st) mutable {
    auto result = job(st);
    queue_.post([result = std::move(result), done = std::move(done)](Controller& c) mutable {
      --c.in_flight_;
      done(c, std::move(result));
      // Whatever the job wrote for the centre goes up soon (a wake-up; the client checks).
      if (c.sync_.poke) c.sync_.poke();
    });
  });
}

}  // namespace hp::app
