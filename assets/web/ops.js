// The operations page (docs/dashboard.md "Operations"): every kiosk in the signed-in user's
// scope with its link state and alerts, and the conflicts queue with its merge button. The
// states are computed by the server from the last contact; this page only shows them.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const S = window.HP_STRINGS;
  let lang = localStorage.getItem("hp.lang") === "en" ? "en" : "vi";
  let csrf = "";
  let user = null;
  let kiosks = null;
  let conflicts = null;
  let timer = null;
  const t = (k) => (S[lang] && S[lang][k]) || S.vi[k] || k;
  const locale = () => (lang === "vi" ? "vi-VN" : "en-GB");
  const int = (n) => new Intl.NumberFormat(locale()).format(n);
  const when = (ms) => new Intl.DateTimeFormat(locale(), { dateStyle: "short", timeStyle: "medium", timeZone: "Asia/Ho_Chi_Minh" }).format(new Date(ms));

  async function api(path, opts) {
    const o = Object.assign({ credentials: "same-origin", headers: {} }, opts || {});
    if (o.body !== undefined) {
      o.headers["Content-Type"] = "application/json";
      o.headers["X-CSRF-Token"] = csrf;
      o.body = JSON.stringify(o.body);
    }
    const r = await fetch(path, o);
    let body = null;
    try { body = await r.json(); } catch (e) { body = null; }
    return { status: r.status, body };
  }

  function ago(s) {
    if (s < 60) return int(s) + " " + t("ops_s");
    if (s < 3600) return int(Math.floor(s / 60)) + " " + t("ops_min");
    if (s < 86400) return int(Math.floor(s / 3600)) + " " + t("ops_h");
    return int(Math.floor(s / 86400)) + " " + t("ops_d");
  }

  function applyLang() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-t]").forEach((el) => { el.textContent = t(el.dataset.t); });
    document.querySelectorAll("[data-lang]").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.lang === lang)));
    document.title = t("ops_title");
    if (user) showUser();
    if (kiosks) renderKiosks(kiosks);
    if (conflicts) renderConflicts(conflicts);
  }

  function showUser() {
    $("who").hidden = false;
    $("who-name").textContent = user.display_name;
    $("who-role").textContent = t("role_" + user.role) +
      (user.post_office_name ? ": " + user.post_office_name : user.unit_name ? ": " + user.unit_name : "");
    $("who-role").dataset.role = user.role;
  }

  function td(tr, label, text, cls) {
    const c = tr.insertCell();
    c.dataset.label = label;
    if (text !== undefined) c.textContent = text;
    if (cls) c.className = cls;
    return c;
  }

  function head(table, labels) {
    table.textContent = "";
    const hr = table.createTHead().insertRow();
    for (const l of labels) {
      const th = document.createElement("th");
      th.textContent = l;
      hr.appendChild(th);
    }
    return table.createTBody();
  }

  function alertText(a) {
    if (a.code === "offline_long") return t("alert_offline_long") + " (" + ago(a.detail) + ")";
    if (a.code === "conflicts_flagged" || a.code === "dead_letters") return t("alert_" + a.code) + ": " + int(a.detail);
    return t("alert_" + a.code) + (a.detail !== undefined && a.detail !== null ? " (" + a.detail + ")" : "");
  }

  function renderKiosks(o) {
    const c = $("ops-counts");
    c.textContent = "";
    for (const k of ["online", "late", "offline", "with_alerts"]) {
      const d = document.createElement("div");
      d.className = "kpi card";
      d.id = "count-" + k;
      d.dataset.value = String(o.counts[k]);
      const v = document.createElement("strong");
      v.textContent = int(o.counts[k]);
      const l = document.createElement("span");
      l.textContent = t("ops_count_" + k);
      d.append(v, l);
      c.appendChild(d);
    }
    const labels = [t("ops_kiosk"), t("post_office"), t("ops_link"), t("ops_last_seen"), t("ops_unsent"),
      t("ops_oldest_unsent"), t("ops_version"), t("ops_clock"), t("ops_devices"), t("ops_alerts")];
    const tb = head($("kiosks-table"), labels);
    for (const k of o.kiosks) {
      const tr = tb.insertRow();
      tr.dataset.key = k.id;
      tr.dataset.link = k.link;
      tr.dataset.alerts = k.alerts.map((a) => a.code).join(" ");
      if (k.alerts.length) tr.className = "has-alerts";
      td(tr, labels[0], k.name || k.id);
      td(tr, labels[1], k.post_office_name || k.post_office_id);
      td(tr, labels[2], t("link_" + k.link), "link-" + k.link);
      td(tr, labels[3], when(k.last_seen_ms) + " · " + ago(k.seen_ago_s));
      td(tr, labels[4], k.unsent_count === null ? "—" : int(k.unsent_count), "num");
      td(tr, labels[5], k.oldest_unsent_ms ? when(k.oldest_unsent_ms) : "—");
      td(tr, labels[6], k.app_version || "—");
      td(tr, labels[7], k.clock_offset_s === null ? "—" : (k.clock_offset_s > 0 ? "+" : "") + int(k.clock_offset_s) + " " + t("ops_s"), "num");
      td(tr, labels[8], Object.entries(k.devices).map(([d, v]) => (t("device_" + d) || d) + ": " + v).join(", ") || "—", "wrap");
      const cell = td(tr, labels[9], undefined, "wrap");
      if (!k.alerts.length) cell.textContent = "—";
      for (const a of k.alerts) {
        const s = document.createElement("span");
        s.className = "alert";
        s.dataset.code = a.code;
        s.textContent = alertText(a);
        cell.appendChild(s);
      }
    }
  }

  function farmerText(f) {
    return f.name + " · " + f.member_code + (f.post_office_name ? " · " + f.post_office_name : "") +
      (f.commune ? " · " + f.commune : "");
  }

  function renderConflicts(o) {
    $("no-conflicts").hidden = o.conflicts.length > 0;
    const labels = [t("ops_reason"), t("ops_keep"), t("ops_duplicate"), ""];
    const tb = head($("conflicts-table"), labels);
    if (!o.conflicts.length) { $("conflicts-table").textContent = ""; return; }
    for (const c of o.conflicts) {
      const tr = tb.insertRow();
      tr.dataset.key = c.duplicate.id;
      td(tr, labels[0], t("reason_" + c.reason) + ": " + c.phone);
      td(tr, labels[1], farmerText(c.keep), "wrap");
      td(tr, labels[2], farmerText(c.duplicate), "wrap");
      const cell = td(tr, labels[3]);
      if (o.may_merge) {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "merge";
        b.textContent = t("ops_merge");
        b.addEventListener("click", () => merge(c));
        cell.appendChild(b);
      }
    }
  }

  async function merge(c) {
    if (!window.confirm(t("ops_merge_confirm") + "\n" + farmerText(c.duplicate) + " → " + farmerText(c.keep))) return;
    const r = await api("/api/v1/dash/ops/merge", { method: "POST", body: { keep_id: c.keep.id, duplicate_id: c.duplicate.id } });
    $("merge-status").textContent = r.status === 200 ? t("ops_merged") : (r.body && r.body.error ? r.body.error.message : String(r.status));
    $("merge-status").dataset.result = r.status === 200 ? "merged" : "failed";
    await load();
  }

  async function load() {
    $("ops-error").textContent = "";
    const [k, c] = await Promise.all([api("/api/v1/dash/ops/kiosks"), api("/api/v1/dash/ops/conflicts")]);
    if (k.status === 401 || c.status === 401) return showLogin();
    if (k.status !== 200) { $("ops-error").textContent = k.body && k.body.error ? k.body.error.message : String(k.status); return; }
    kiosks = k.body;
    renderKiosks(kiosks);
    if (c.status === 200) { conflicts = c.body; renderConflicts(conflicts); }
    document.body.dataset.loaded = "ops";
    document.body.dataset.loads = String(Number(document.body.dataset.loads || 0) + 1);
  }

  function signedIn(body) {
    user = body.user;
    csrf = body.csrf;
    $("login").hidden = true;
    $("ops").hidden = false;
    showUser();
    load();
    // States change with time alone: refresh every 10 s while the page is open.
    if (!timer) timer = setInterval(() => { if (user) load(); }, 10000);
  }

  function showLogin() {
    user = null;
    $("who").hidden = true;
    $("ops").hidden = true;
    $("login").hidden = false;
    document.body.dataset.loaded = "login";
  }

  document.addEventListener("DOMContentLoaded", async () => {
    document.querySelectorAll("[data-lang]").forEach((b) => b.addEventListener("click", () => {
      lang = b.dataset.lang;
      localStorage.setItem("hp.lang", lang);
      applyLang();
    }));
    $("login-form").addEventListener("submit", async (e) => {
      e.preventDefault();
      $("login-error").textContent = "";
      const r = await api("/api/v1/dash/login", { method: "POST", body: { username: $("username").value, password: $("password").value } });
      if (r.status === 200) return signedIn(r.body);
      $("login-error").textContent = r.status === 429 ? t("throttled") : t("bad_credentials");
    });
    $("logout").addEventListener("click", async () => { await api("/api/v1/dash/logout", { method: "POST", body: {} }); showLogin(); });
    applyLang();
    const me = await api("/api/v1/dash/me");
    if (me.status === 200) signedIn(me.body); else showLogin();
  });
})();
