// The data-management page (docs/dashboard.md "Data management"): each section reads and
// changes one kind of the programme's data through /api/v1/dash/manage/...; the server
// checks role, scope and input on every call, the page only hides what a role cannot use.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const S = window.HP_STRINGS;
  let lang = localStorage.getItem("hp.lang") === "en" ? "en" : "vi";
  let csrf = "";
  let user = null;
  let units = [], postOffices = [], indicators = [], measures = [];
  const t = (k) => (S[lang] && S[lang][k]) || S.vi[k] || k;
  const locale = () => (lang === "vi" ? "vi-VN" : "en-GB");
  const int = (n) => new Intl.NumberFormat(locale()).format(n);
  const when = (ms) => (ms ? new Date(ms).toLocaleString(locale(), { timeZone: "Asia/Ho_Chi_Minh" }) : "");
  const vnToday = () => new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
  const ROLES = ["city", "district", "commune", "post_office", "admin"];
  const MANAGE = "/api/v1/dash/manage";

  async function api(path, body) {
    const o = { credentials: "same-origin", headers: {} };
    if (body !== undefined) {
      o.method = "POST";
      o.headers["Content-Type"] = "application/json";
      o.headers["X-CSRF-Token"] = csrf;
      o.body = JSON.stringify(body);
    }
    const r = await fetch(path, o);
    let json = null;
    try { json = await r.json(); } catch (e) { json = null; }
    return { status: r.status, body: json };
  }
  const errorText = (r) => (r.body && r.body.error ? r.body.error.message : String(r.status));
  function report(el, r, ok) {
    el.textContent = ok ? t("saved") : errorText(r);
    el.classList.toggle("error", !ok);
  }

  function option(sel, value, text) {
    const o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    sel.appendChild(o);
  }
  function fill(sel, items, blank) {
    const keep = sel.value;
    sel.length = 0;
    if (blank !== undefined) option(sel, "", blank);
    for (const [v, text] of items) option(sel, v, text);
    if ([...sel.options].some((o) => o.value === keep)) sel.value = keep;
  }
  // Cells are text, numbers ({num}) or elements (buttons); rows may carry a key and a class.
  function table(el, headers, rows) {
    el.textContent = "";
    const head = el.createTHead().insertRow();
    for (const h of headers) { const th = document.createElement("th"); th.textContent = h; head.appendChild(th); }
    const body = el.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      if (row.key !== undefined) tr.dataset.key = row.key;
      if (row.className) tr.className = row.className;
      for (const c of row.cells) {
        const td = tr.insertCell();
        if (c instanceof Node) td.appendChild(c);
        else if (c && typeof c === "object" && "num" in c) { td.className = "num"; td.textContent = int(c.num); td.dataset.value = c.num; }
        else if (c && typeof c === "object" && "detail" in c) { td.className = "detail"; td.textContent = c.detail; }
        else td.textContent = c === null || c === undefined ? "" : String(c);
      }
    }
  }
  function button(label, onClick, danger) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    if (danger) b.className = "danger";
    b.addEventListener("click", onClick);
    return b;
  }
  const unitName = (id) => { const u = units.find((x) => x.id === id); return u ? u.name : id || ""; };
  const poName = (id) => { const p = postOffices.find((x) => x.id === id); return p ? p.name : id || ""; };
  const indicatorLabel = (id) => {
    const i = indicators.find((x) => x.id === id);
    return i ? (lang === "en" ? i.label_en : i.label_vi) : id;
  };
  const can = (roles) => roles.split(" ").includes(user.role);

  function applyLang() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-t]").forEach((el) => { el.textContent = t(el.dataset.t); });
    document.querySelectorAll("[data-lang]").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.lang === lang)));
    document.title = t("m_title");
    if (user) { $("who-role").textContent = t("role_" + user.role); loadAll(); }
  }

  // Post offices and kiosks.
  let editingPo = null;
  async function loadPostOffices() {
    const r = await api(MANAGE + "/post-offices");
    if (r.status !== 200) return;
    postOffices = r.body.post_offices;
    table($("po-table"), [t("m_id"), t("name"), t("unit"), ""], postOffices.map((p) => ({
      key: p.id, cells: [p.id, p.name, unitName(p.unit_id), button(t("m_edit"), () => editPo(p))] })));
    fill($("enrol-po"), postOffices.map((p) => [p.id, p.name]));
    fill($("staff-po"), postOffices.map((p) => [p.id, p.name]), "—");
  }
  function editPo(p) {
    editingPo = p.id;
    $("po-id").value = p.id;
    $("po-id").disabled = true;
    $("po-name").value = p.name;
    $("po-unit").value = p.unit_id;
    $("po-submit").textContent = t("save");
    $("po-cancel").hidden = false;
  }
  function resetPo() {
    editingPo = null;
    $("po-form").reset();
    $("po-id").disabled = false;
    $("po-submit").textContent = t("m_add");
    $("po-cancel").hidden = true;
  }
  async function loadKiosks() {
    const r = await api(MANAGE + "/kiosks");
    if (r.status !== 200) return;
    table($("kiosk-table"), [t("name"), t("post_office"), t("m_enrolled"), t("m_last_seen"), t("m_state"), ""],
      r.body.kiosks.map((k) => ({
        key: k.id, className: k.revoked ? "off" : "",
        cells: [k.name, poName(k.post_office_id), when(k.enrolled_at), when(k.state_at),
                k.revoked ? t("m_revoked") + " " + when(k.revoked_at) : t("m_active"),
                k.revoked ? "" : button(t("m_revoke"), () => revoke(k), true)] })));
  }
  async function revoke(k) {
    if (!window.confirm(t("m_revoke_confirm") + " " + k.name)) return;
    const r = await api(MANAGE + "/kiosks/" + encodeURIComponent(k.id) + "/revoke", {});
    $("enrol-status").textContent = r.status === 200 ? t("m_revoked") : errorText(r);
    loadKiosks();
    loadAudit();
  }

  // Staff accounts.
  let editingStaff = null;
  async function loadStaff() {
    const r = await api(MANAGE + "/staff");
    if (r.status !== 200) return;
    table($("staff-table"), [t("username"), t("name"), t("m_role"), t("m_scope"), ""], r.body.staff.map((s) => ({
      key: s.username, className: s.disabled_at ? "off" : "",
      cells: [s.username, s.display_name, t("role_" + s.role) + (s.disabled_at ? " · " + t("m_disabled") : ""),
              s.unit_id ? unitName(s.unit_id) : s.post_office_id ? poName(s.post_office_id) : t("whole_city"),
              s.disabled_at || s.id === user.id ? "" : (() => {
                const span = document.createElement("span");
                span.append(button(t("m_edit"), () => editStaff(s)), " ", button(t("m_disable"), () => disableStaff(s), true));
                return span;
              })()] })));
  }
  function editStaff(s) {
    editingStaff = s.id;
    $("staff-username").value = s.username;
    $("staff-name").value = s.display_name;
    for (const id of ["staff-username", "staff-name", "staff-password"]) $(id).disabled = true;
    $("staff-role").value = s.role;
    $("staff-unit").value = s.unit_id || "";
    $("staff-po").value = s.post_office_id || "";
    $("staff-submit").textContent = t("save");
    $("staff-cancel").hidden = false;
  }
  function resetStaff() {
    editingStaff = null;
    $("staff-form").reset();
    for (const id of ["staff-username", "staff-name", "staff-password"]) $(id).disabled = false;
    $("staff-submit").textContent = t("m_add");
    $("staff-cancel").hidden = true;
  }
  async function disableStaff(s) {
    if (!window.confirm(t("m_disable_confirm") + " " + s.username)) return;
    const r = await api(MANAGE + "/staff/" + encodeURIComponent(s.id) + "/disable", {});
    report($("staff-status"), r, r.status === 200);
    loadStaff();
    loadAudit();
  }

  // Prices with effective dates.
  async function loadPrices() {
    const [r, w] = await Promise.all([api("/api/v1/dash/products"), api(MANAGE + "/prices")]);
    if (r.status !== 200 || w.status !== 200) return;
    const products = r.body.products;
    const name = (p) => (lang === "en" ? p.name_en : p.name_vi) || p.sku;
    table($("price-table"), [t("product"), t("grade") + " A", t("grade") + " B", t("grade") + " C"], products.map((p) => {
      const by = {};
      for (const g of p.prices) by[g.grade] = g.price_vnd;
      return { key: p.sku, cells: [name(p), ...["A", "B", "C"].map((g) => (g in by ? { num: by[g] } : "—"))] };
    }));
    fill($("price-product"), products.map((p) => [p.id, name(p)]));
    const pname = (id) => { const p = products.find((x) => x.id === id); return p ? name(p) : id; };
    table($("schedule-table"), [t("product"), t("grade"), t("m_price"), t("m_effective"), ""],
      w.body.schedule.pending.map((s) => ({ key: s.id, cells: [pname(s.product_id), s.grade, { num: s.price_vnd }, s.effective_date,
        button(t("m_cancel"), async () => {
          const c = await api(MANAGE + "/prices/" + encodeURIComponent(s.id) + "/cancel", {});
          report($("price-status"), c, c.status === 200);
          loadPrices();
          loadAudit();
        }, true)] })));
  }

  // Farmers.
  let editingFarmer = null;
  async function loadFarmers() {
    const r = await api(MANAGE + "/farmers?q=" + encodeURIComponent($("farmer-q").value));
    if (r.status !== 200) return;
    table($("farmer-table"), [t("name"), t("m_member_code"), t("m_phone"), t("org_branch"), t("org_cooperative"), t("post_office"), ""],
      r.body.farmers.map((f) => ({ key: f.id, cells: [f.name, f.member_code, f.phone, f.branch, f.cooperative,
        f.post_office_id ? poName(f.post_office_id) : "", button(t("m_edit"), () => editFarmer(f))] })));
  }
  function editFarmer(f) {
    editingFarmer = f.id;
    $("farmer-form").hidden = false;
    $("farmer-editing").textContent = f.name + " · " + f.member_code;
    $("farmer-phone").value = f.phone || "";
    $("farmer-branch").value = f.branch || "";
    $("farmer-coop").value = f.cooperative || "";
    $("farmer-status").textContent = "";
  }

  // Indicators and targets.
  let editingIndicator = null;
  async function loadIndicators() {
    const r = await api(MANAGE + "/indicators");
    if (r.status !== 200) return;
    indicators = r.body.indicators;
    measures = r.body.measures;
    const edit = can("city admin");
    table($("indicator-table"), [t("m_id"), t("name"), t("m_measure"), t("m_active_from"), ""], indicators.map((i) => ({
      key: i.id, cells: [i.id, lang === "en" ? i.label_en : i.label_vi, t(i.measure), i.active_from,
        edit ? button(t("m_edit"), () => editIndicator(i)) : ""] })));
    fill($("ind-measure"), measures.map((m) => [m, t(m)]));
    fill($("target-indicator"), indicators.map((i) => [i.id, lang === "en" ? i.label_en : i.label_vi]));
  }
  function editIndicator(i) {
    editingIndicator = i.id;
    $("ind-id").value = i.id;
    $("ind-id").disabled = true;
    $("ind-vi").value = i.label_vi;
    $("ind-en").value = i.label_en;
    $("ind-measure").value = i.measure;
    $("ind-from").value = i.active_from;
    $("ind-submit").textContent = t("save");
    $("ind-cancel").hidden = false;
  }
  function resetIndicator() {
    editingIndicator = null;
    $("indicator-form").reset();
    $("ind-id").disabled = false;
    $("ind-submit").textContent = t("m_add");
    $("ind-cancel").hidden = true;
  }
  async function loadTargets() {
    const r = await api("/api/v1/dash/targets?year=" + encodeURIComponent($("target-year").value));
    if (r.status !== 200) return;
    table($("target-table"), [t("unit"), t("indicator"), t("target"), t("m_updated")], r.body.targets.map((g) => ({
      key: g.unit_id + "/" + g.indicator,
      cells: [g.unit_name, indicatorLabel(g.indicator), { num: g.target }, g.updated_by + " · " + when(g.updated_at)] })));
  }

  async function loadAudit() {
    if (!can("city admin")) return;
    const r = await api(MANAGE + "/audit?limit=100");
    if (r.status !== 200) return;
    table($("audit-table"), [t("m_when"), t("m_who"), t("m_action"), t("m_change")], r.body.audit.map((a) => ({
      cells: [when(a.at), a.username, a.action, { detail: JSON.stringify(a.detail) }] })));
  }

  async function loadUnits() {
    const r = await api("/api/v1/dash/units");
    if (r.status !== 200) return;
    units = r.body.units;
    const items = units.map((u) => [u.id, u.name + (u.valid_to ? " (≤ " + u.valid_to + ")" : "")]);
    fill($("po-unit"), items, "—");
    fill($("staff-unit"), items, "—");
    fill($("target-unit"), items);
    if (!can("admin")) postOffices = r.body.post_offices;
  }

  async function loadAll() {
    await loadUnits();
    const jobs = [loadIndicators().then(loadTargets), loadFarmers()];
    if (can("admin")) jobs.push(loadPostOffices().then(() => Promise.all([loadKiosks(), loadStaff()])));
    if (can("city admin")) jobs.push(loadPrices(), loadAudit());
    await Promise.all(jobs);
    document.body.dataset.ready = "1";
  }

  function wire() {
    $("po-form").addEventListener("submit", async (e) => {
      e.preventDefault();
      const body = { name: $("po-name").value, unit_id: $("po-unit").value };
      const r = editingPo ? await api(MANAGE + "/post-offices/" + encodeURIComponent(editingPo), body)
                          : await api(MANAGE + "/post-offices", Object.assign({ id: $("po-id").value }, body));
      report($("po-status"), r, r.status === 200 || r.status === 201);
      if (r.status === 200 || r.status === 201) { resetPo(); loadPostOffices(); loadAudit(); }
    });
    $("po-cancel").addEventListener("click", resetPo);
    $("enrol-form").addEventListener("submit", async (e) => {
      e.preventDefault();
      const r = await api(MANAGE + "/enrol-codes", { post_office_id: $("enrol-po").value,
                                                     ttl_seconds: Number($("enrol-hours").value) * 3600 });
      $("enrol-code").hidden = r.status !== 201;
      $("enrol-code-value").textContent = r.status === 201 ? r.body.code : "";
      $("enrol-status").textContent = r.status === 201 ? t("m_expires") + " " + when(r.body.expires_at) : errorText(r);
      loadAudit();
    });
    $("staff-form").addEventListener("submit", async (e) => {
      e.preventDefault();
      const scope = { role: $("staff-role").value, unit_id: $("staff-unit").value, post_office_id: $("staff-po").value };
      const r = editingStaff ? await api(MANAGE + "/staff/" + encodeURIComponent(editingStaff), scope)
        : await api(MANAGE + "/staff", Object.assign({ username: $("staff-username").value, display_name: $("staff-name").value,
                                                       password: $("staff-password").value }, scope));
      report($("staff-status"), r, r.status === 200 || r.status === 201);
      if (r.status === 200 || r.status === 201) { resetStaff(); loadStaff(); loadAudit(); }
    });
    $("staff-cancel").addEventListener("click", resetStaff);
    $("price-form").addEventListener("submit", async (e) => {
      e.preventDefault();
      const r = await api(MANAGE + "/prices", { product_id: $("price-product").value, grade: $("price-grade").value,
                                                price_vnd: Number($("price-value").value), effective_date: $("price-date").value });
      report($("price-status"), r, r.status === 201);
      if (r.status === 201) { loadPrices(); loadAudit(); }
    });
    $("farmer-search").addEventListener("submit", (e) => { e.preventDefault(); loadFarmers(); });
    $("farmer-form").addEventListener("submit", async (e) => {
      e.preventDefault();
      const r = await api(MANAGE + "/farmers/" + encodeURIComponent(editingFarmer), {
        phone: $("farmer-phone").value, branch: $("farmer-branch").value, cooperative: $("farmer-coop").value });
      report($("farmer-status"), r, r.status === 200);
      if (r.status === 200) { loadFarmers(); loadAudit(); }
    });
    $("indicator-form").addEventListener("submit", async (e) => {
      e.preventDefault();
      const body = { label_vi: $("ind-vi").value, label_en: $("ind-en").value, measure: $("ind-measure").value,
                     active_from: Number($("ind-from").value) };
      const r = editingIndicator ? await api(MANAGE + "/indicators/" + encodeURIComponent(editingIndicator), body)
                                 : await api(MANAGE + "/indicators", Object.assign({ id: $("ind-id").value }, body));
      report($("ind-status"), r, r.status === 200 || r.status === 201);
      if (r.status === 200 || r.status === 201) { resetIndicator(); loadIndicators(); loadAudit(); }
    });
    $("ind-cancel").addEventListener("click", resetIndicator);
    $("target-year-form").addEventListener("submit", (e) => { e.preventDefault(); loadTargets(); });
    $("target-form").addEventListener("submit", async (e) => {
      e.preventDefault();
      const r = await api("/api/v1/dash/targets", { unit_id: $("target-unit").value, year: Number($("target-year").value),
                                                    indicator: $("target-indicator").value, target: Number($("target-value").value) });
      report($("target-status"), r, r.status === 200);
      if (r.status === 200) { loadTargets(); loadAudit(); }
    });
    document.querySelectorAll("[data-lang]").forEach((b) => b.addEventListener("click", () => {
      lang = b.dataset.lang;
      localStorage.setItem("hp.lang", lang);
      applyLang();
    }));
  }

  async function start() {
    wire();
    applyLang();
    fill($("staff-role"), ROLES.map((r) => [r, t("role_" + r)]));
    $("price-date").value = vnToday();
    $("price-date").min = vnToday();
    $("target-year").value = vnToday().slice(0, 4);
    const r = await api("/api/v1/dash/me");
    if (r.status !== 200) { $("signed-out").hidden = false; return; }
    user = r.body.user;
    csrf = r.body.csrf;
    $("who").hidden = false;
    $("who-name").textContent = user.display_name;
    $("who-role").textContent = t("role_" + user.role);
    // Only what the role may use is shown; the server refuses the rest all the same.
    document.querySelectorAll("[data-role]").forEach((el) => { el.hidden = !can(el.dataset.role); });
    $("sections").hidden = false;
    await loadAll();
  }
  start();
})();
