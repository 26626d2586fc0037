// Two kiosk-server processes on one storage (PostgreSQL under pg_virtualenv, or one SQLite
// file): concurrent writers never make a pull cursor skip a change, and a process killed
// midway loses nothing and doubles nothing when clients retry on the other.
#include <doctest/doctest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "tests/support/server_process.hpp"

using namespace hp::test;
using nlohmann::json;

namespace {

json order_body(const std::string& ref) {
  return {{"external_ref", ref},
          {"post_office_id", "po-an-duong"},
          {"buyer_name", "Khách"},
          {"buyer_phone", "0901234567"},
          {"cash_on_delivery", false},
          {"amount_due_vnd", 0},
          {"items", json::array({{{"name", "Gạo"}, {"quantity_text", "5 kg"}, {"amount_vnd", 110000}}})}};
}

}  // namespace

TEST_CASE("concurrent writers through two processes: a cursor never skips; a killed process loses nothing") {
  Centre c("cluster");
  Centre::Peer b = c.start_peer();
  const std::string key = c.api_key("shop");
  const std::string kiosk = c.enrol_kiosk("po-an-duong");
  hp::Clock clock;
  hp::IdGenerator ids(clock);

  // The kiosk's view so far: a snapshot, then increments while the writers run.
  auto first = pull_all(c, kiosk, nullptr);
  REQUIRE(first.status == 200);
  std::set<std::string> seen;
  for (const auto& ch : first.changes)
    if (ch["entity"] == "order") seen.insert(ch["id"].get<std::string>());

  constexpr int kWriters = 4, kPerWriter = 30;
  std::mutex made_mutex;
  std::map<std::string, std::string> made;  // external_ref -> id
  std::atomic<bool> b_alive{true};
  std::atomic<int> writers_done{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kPerWriter; ++i) {
        const std::string ref = "W" + std::to_string(w) + "-" + std::to_string(i);
        // Odd writers go through process B while it lives; a failure is retried on A with the
        // same external_ref, as a platform would.
        int port = (w % 2 == 1 && b_alive) ? b.port : c.port();
        Reply r = c.post_to(port, "/api/v1/orders", key, order_body(ref));
        for (int retry = 0; r.status != 201 && r.status != 200 && retry < 20; ++retry)
          r = c.post_to(c.port(), "/api/v1/orders", key, order_body(ref));
        if (r.status != 201 && r.status != 200) {
          ++failures;  // doctest assertions throw; never from a worker thread
          continue;
        }
        std::lock_guard lock(made_mutex);
        made[ref] = r.body["id"].get<std::string>();
      }
      ++writers_done;
    });
  }
  // Pushes through both processes too, B killed midway; unacknowledged batches go again to A.
  std::vector<json> batches;
  for (int bt = 0; bt < 6; ++bt) {
    std::vector<json> evs;
    for (int i = 0; i < 50; ++i)
      evs.push_back(dropoff_event(ids, bt * 50 + i + 1, "01924f80-0000-7000-8000-200000000001"));
    batches.push_back(batch(std::move(evs)));
  }
  std::thread pusher([&] {
    for (std::size_t i = 0; i < batches.size(); ++i) {
      Reply r = c.post_to(i % 2 == 1 && b_alive ? b.port : c.port(), "/api/v1/push", kiosk, batches[i]);
      for (int retry = 0; r.status != 200 && retry < 20; ++retry) r = c.post_to(c.port(), "/api/v1/push", kiosk, batches[i]);
      if (r.status != 200) ++failures;
    }
  });
  // The kiosk pulls as the writers write, alternating processes.
  std::string cursor = first.cursor;
  int round = 0;
  auto pull_once = [&](int port) {
    for (int page = 0; page < 100; ++page) {
      Reply r = c.post_to(port, "/api/v1/pull", kiosk, {{"cursor", cursor}, {"limit", 7}});
      if (r.status != 200) return;
      CHECK_FALSE(r.body["reset"].get<bool>());
      for (const auto& ch : r.body["changes"])
        if (ch["entity"] == "order") seen.insert(ch["id"].get<std::string>());
      cursor = r.body["cursor"].get<std::string>();
      if (!r.body["more"].get<bool>()) return;
    }
  };
  while (writers_done < kWriters) {
    if (++round == 5) {
      Centre::kill_peer(b);
      b_alive = false;
    }
    pull_once(round % 2 == 1 && b_alive ? b.port : c.port());
  }
  for (auto& t : writers) t.join();
  pusher.join();
  Centre::kill_peer(b);
  pull_once(c.port());

  CHECK(failures == 0);
  REQUIRE(made.size() == kWriters * kPerWriter);
  std::set<std::string> made_ids;
  for (const auto& [ref, id] : made) made_ids.insert(id);
  CHECK(made_ids.size() == made.size());  // one order per external_ref, retries included
  for (const auto& id : made_ids) CHECK(seen.contains(id));
  const auto events = c.events();
  CHECK(events.size() == 300);
  std::set<std::string> event_ids;
  for (const auto& e : events) event_ids.insert(e["id"].get<std::string>());
  CHECK(event_ids.size() == 300);
}
