#include "kiosk/sync/sync_client.hpp"

#include <chrono>
#include <cstdlib>

#include "kiosk/sync/http.hpp"
#include "kiosk/sync/wire.hpp"

namespace hp::sync {
namespace {

constexpr UtcMillis kNever = std::numeric_limits<UtcMillis>::max() / 2;

// The centre refused this kiosk itself (not one event): retrying cannot help until someone acts.
bool is_rejection(const Error& e) {
  return e.code.starts_with("auth.") || e.code == "sync.wrong_ca" || e.code == "scope.other_post_office";
}

}  // namespace

Result<std::unique_ptr<SyncClient>> SyncClient::start(const std::string& db_path, Enrolment enrolment, SyncOptions options,
                                                       const Clock& clock, Publish publish) {
  auto st = store::Store::open(db_path);
  if (!st) return std::unexpected(st.error());
  std::unique_ptr<SyncClient> c(new SyncClient(std::move(*st), std::move(enrolment), std::move(options), clock, std::move(publish)));
  c->refresh_counts();
  c->thread_ = std::jthread([p = c.get()](std::stop_token t) { p->run(t); });
  return c;
}

SyncClient::SyncClient(store::Store store, Enrolment enrolment, SyncOptions options, const Clock& clock, Publish publish)
    : store_(std::move(store)),
      enrolment_(std::move(enrolment)),
      options_(std::move(options)),
      clock_(clock),
      publish_(std::move(publish)),
      rng_(std::random_device{}()) {
  status_.phase = SyncPhase::Syncing;
  status_.server_url = enrolment_.url;
  status_.kiosk_id = enrolment_.kiosk_id;
  status_.post_office_id = enrolment_.post_office_id;
  if (options_.batch < 1 || options_.batch > wire::kMaxBatch) options_.batch = 500;
}

SyncClient::~SyncClient() {
  thread_.request_stop();
  cv_.notify_all();
  {
    std::lock_guard lock(http_mutex_);
    if (http_) http_->stop();
  }
  thread_ = {};  // joins before the members it uses go
}

void SyncClient::set_http(std::unique_ptr<Http> h) {
  std::lock_guard lock(http_mutex_);
  http_ = std::move(h);
}

bool SyncClient::drain(std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  int seen = rounds_;
  poked_ = true;
  cv_.notify_all();
  while (true) {
    // A round that started after this call and ended with nothing unsent, or offline.
    const bool settled = rounds_ > seen && status_.phase != SyncPhase::Syncing;
    if (settled && (status_.unsent == 0 || status_.phase != SyncPhase::UpToDate)) return status_.unsent == 0;
    if (round_cv_.wait_until(lock, until) == std::cv_status::timeout) return status_.unsent == 0;
  }
}

void SyncClient::poke() {
  {
    std::lock_guard lock(mutex_);
    poked_ = true;
  }
  cv_.notify_all();
}

void SyncClient::sync_now() {
  {
    std::lock_guard lock(mutex_);
    now_ = true;
  }
  cv_.notify_all();
}

void SyncClient::set_devices(std::map<std::string, std::string> devices) {
  std::lock_guard lock(mutex_);
  devices_ = std::move(devices);
}

SyncStatus SyncClient::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

void SyncClient::refresh_counts() {
  auto c = store_.sync_counts();
  auto rec = store_.sync_record();
  std::lock_guard lock(mutex_);
  if (c) {
    status_.unsent = c->unsent;
    status_.oldest_unsent_at = c->oldest_unsent_at;
    status_.dead = c->dead;
    status_.flags = c->flags;
  }
  if (rec && status_.last_ok_at == 0) {
    // A restart keeps what the last run knew: when the centre last answered, and since when it
    // has not.
    status_.last_ok_at = std::max(rec->last_pull_at, rec->last_push_at);
    status_.clock_offset_ms = rec->clock_offset_ms;
    if (rec->phase == "offline" && status_.offline_since == 0) status_.offline_since = rec->offline_since;
  }
}

void SyncClient::publish() {
  const SyncStatus now = status();
  if (published_ && *published_ == now) return;  // nothing new for the screen
  if (!published_ || published_->phase != now.phase || published_->reason_code != now.reason_code ||
      published_->offline_since != now.offline_since)
    (void)store_.save_sync_phase(to_string(now.phase), now.reason_code, now.reason_detail, now.offline_since);
  published_ = now;
  if (publish_) publish_(now);
}

Status SyncClient::ensure_http() {
  if (http_) return {};
  auto h = Http::open(enrolment_.url, enrolment_.ca_path, enrolment_.credential, options_.timeouts);
  if (!h) return std::unexpected(h.error());
  set_http(std::make_unique<Http>(std::move(*h)));
  return {};
}

void SyncClient::run(std::stop_token st) {
  store_.adopt_thread();  // the sync thread's own connection: only it may use it from here on
  UtcMillis next_pull = 0;   // at once
  UtcMillis next_push = 0;
  bool push_due = true;      // whatever was left unsent last time goes up now
  publish();
  while (!st.stop_requested()) {
    bool poked = false, now_asked = false, rejected = false;
    {
      std::unique_lock lock(mutex_);
      rejected = status_.phase == SyncPhase::Rejected;
      const UtcMillis now = clock_.now();
      const UtcMillis deadline = rejected ? kNever : std::min(next_pull, push_due ? next_push : kNever);
      auto woken = [&] { return poked_ || now_; };
      if (!woken() && deadline > now)
        cv_.wait_for(lock, st, std::chrono::milliseconds(std::min<UtcMillis>(deadline - now, 3'600'000)), woken);
      if (st.stop_requested()) break;
      poked = poked_;
      now_asked = now_;
      poked_ = now_ = false;
    }
    UtcMillis now = clock_.now();
    if (!now_asked && (rejected || (push_due && now < next_push && now < next_pull))) {
      // Rejected, or backing off: a write only updates the counts; the retry timer pushes.
      refresh_counts();
      publish();
      finish_round();
      continue;
    }
    if (poked && !now_asked && !push_due && now < next_pull) {
      // Woken by store work that may have written nothing for the centre.
      refresh_counts();
      if (status().unsent == 0) {
        publish();
        finish_round();
        continue;
      }
    }
    if (poked && !now_asked && options_.poke_delay_ms > 0) {
      // Writes that come together (a drop-off, then its print marks) go up in one push.
      std::unique_lock lock(mutex_);
      cv_.wait_for(lock, st, std::chrono::milliseconds(options_.poke_delay_ms), [] { return false; });
      poked_ = false;
      if (st.stop_requested()) break;
    }
    if (now_asked) failures_ = 0;
    now = clock_.now();
    const bool do_pull = now_asked || now >= next_pull;
    {
      // A quiet periodic pull of an up-to-date kiosk is not news for the screen; a push or
      // "Sync now" is. An automatic retry while offline stays "offline since HH:MM": the
      // screen does not flicker to "syncing" every few seconds while the network is down.
      std::lock_guard lock(mutex_);
      const bool quiet_retry = status_.phase == SyncPhase::Offline && !now_asked;
      if (!quiet_retry && (status_.phase != SyncPhase::UpToDate || status_.unsent > 0 || now_asked))
        status_.phase = SyncPhase::Syncing;
    }
    publish();

    Status r = push_all();
    if (r && do_pull) r = pull_all();
    if (r) {
      // The next round is seconds away, and an idle kept-alive connection holds one of the
      // centre's threads until it times out: close it now. The next round resumes the TLS
      // session (http.cpp), so reconnecting costs little.
      std::lock_guard lock(http_mutex_);
      if (http_) http_->stop();
    }
    now = clock_.now();
    if (r) {
      failures_ = 0;
      push_due = false;
      if (do_pull) next_pull = now + jittered_ms(options_.pull_interval_ms, options_.pull_jitter, rng_());
      std::lock_guard lock(mutex_);
      status_.phase = SyncPhase::UpToDate;
      status_.last_ok_at = now;
      status_.offline_since = 0;
      status_.reason_code.clear();
      status_.reason_detail.clear();
    } else {
      set_http(nullptr);  // a fresh connection next time
      std::lock_guard lock(mutex_);
      status_.reason_code = r.error().code;
      status_.reason_detail = r.error().detail;
      if (is_rejection(r.error())) {
        status_.phase = SyncPhase::Rejected;
      } else {
        ++failures_;
        const UtcMillis wait = backoff_ms(options_.backoff, failures_, rng_());
        push_due = true;
        next_push = now + wait;
        next_pull = std::max(next_pull, now + wait);
        status_.phase = SyncPhase::Offline;
        if (status_.offline_since == 0) status_.offline_since = now;
      }
    }
    refresh_counts();
    publish();
    finish_round();
  }
}

void SyncClient::finish_round() {
  {
    std::lock_guard lock(mutex_);
    ++rounds_;
  }
  round_cv_.notify_all();
}

Status SyncClient::push_all() {
  if (auto s = ensure_http(); !s) return s;
  int limit = batch_limit_ > 0 ? batch_limit_ : options_.batch;
  while (true) {
    auto events = store_.unsent_events(limit);
    if (!events) return std::unexpected(events.error());
    if (events->empty()) return {};
    auto body = wire::push_body(*events);
    if (!body) {
      // An event that cannot even be written out is a dead letter of our own making.
      std::vector<store::Store::EventOutcome> dead;
      for (const auto& e : *events)
        if (auto one = wire::push_body({e}); !one)
          dead.push_back({.seq = e.seq, .acked = false, .code = one.error().code, .reason = one.error().detail});
      if (auto s = store_.settle_events(dead, clock_.now()); !s) return s;
      continue;
    }
    const UtcMillis sent_at = clock_.now();
    auto answer = http_->post("/api/v1/push", *body);
    if (!answer) return std::unexpected(answer.error());
    const UtcMillis answered_at = clock_.now();
    if (answer->status == 200) {
      auto parsed = wire::parse_push_answer(answer->body, *events);
      if (!parsed) return std::unexpected(parsed.error());
      if (parsed->outcomes.empty()) return fail("sync.no_progress", "the centre answered the push without settling any event");
      if (auto s = store_.settle_events(parsed->outcomes, answered_at); !s) return s;
      if (parsed->server_time) {
        const std::int64_t offset = (sent_at + answered_at) / 2 - *parsed->server_time;
        (void)store_.note_contact(false, answered_at, offset);
        std::lock_guard lock(mutex_);
        status_.clock_offset_ms = offset;
        status_.clock_warning = std::llabs(offset) > kClockWarnMs;
      }
      refresh_counts();
      if (batch_limit_ == 1 && events->size() == 1) {
        batch_limit_ = 0;  // the culprit hunt is over: full batches again
        limit = options_.batch;
      }
      continue;
    }
    Error e = wire::error_of(answer->status, answer->body);
    if (answer->status >= 500 || answer->status == 408 || answer->status == 429 || is_rejection(e))
      return std::unexpected(e);
    // The whole batch was refused (4xx): one event in it is to blame. Send them one by one to
    // find it; that one becomes a dead letter and the rest go on.
    if (events->size() > 1) {
      batch_limit_ = 1;
      limit = 1;
      continue;
    }
    if (auto s = store_.settle_events({{.seq = events->front().seq, .acked = false, .code = e.code, .reason = e.detail}},
                                      answered_at);
        !s)
      return s;
    batch_limit_ = 0;
    limit = options_.batch;
  }
}

Status SyncClient::pull_all() {
  if (auto s = ensure_http(); !s) return s;
  // A snapshot of a big centre comes in pages; the bound only stops a centre that never says
  // "no more" from holding the thread forever.
  for (int page = 0; page < 10'000; ++page) {
    auto rec = store_.sync_record();
    if (!rec) return std::unexpected(rec.error());
    auto counts = store_.sync_counts();
    if (!counts) return std::unexpected(counts.error());
    wire::KioskReport report{.app_version = options_.app_version, .unsent = counts->unsent,
                             .oldest_unsent_at = counts->oldest_unsent_at, .kiosk_time = clock_.now(), .devices = {},
                             .pull_interval_ms = options_.pull_interval_ms, .dead_letters = counts->dead,
                             .review_flags = counts->flags};
    {
      std::lock_guard lock(mutex_);
      report.devices = devices_;
    }
    const UtcMillis sent_at = clock_.now();
    auto answer = http_->post("/api/v1/pull", wire::pull_body(rec->pull_cursor, options_.pull_limit, report));
    if (!answer) return std::unexpected(answer.error());
    const UtcMillis answered_at = clock_.now();
    if (answer->status != 200) return std::unexpected(wire::error_of(answer->status, answer->body));
    auto parsed = wire::parse_pull_answer(answer->body);
    if (!parsed) return std::unexpected(parsed.error());
    if (auto applied = store_.apply_pull(parsed->batch, answered_at); !applied) return std::unexpected(applied.error());
    std::int64_t offset = 0;
    if (parsed->clock_offset_ms) offset = *parsed->clock_offset_ms;
    else if (parsed->server_time) offset = (sent_at + answered_at) / 2 - *parsed->server_time;
    (void)store_.note_contact(true, answered_at, offset);
    {
      std::lock_guard lock(mutex_);
      status_.clock_offset_ms = offset;
      status_.clock_warning = parsed->clock_warning || std::llabs(offset) > kClockWarnMs;
    }
    if (!parsed->more) return {};
  }
  return {};
}

}  // namespace hp::sync
