// The forecast page (docs/forecast.md): the signed-in user's scope, a measure (kg or
// orders), an SVG chart of the weekly history and the coming 4 weeks, each forecast beside
// last season's error and the yearly targets. No framework, no build step.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const S = window.HP_STRINGS;
  const SVG = "http://www.w3.org/2000/svg";
  let lang = localStorage.getItem("hp.lang") === "en" ? "en" : "vi";
  let last = null;
  let products = [];
  const t = (k) => (S[lang] && S[lang][k]) || S.vi[k] || k;
  const locale = () => (lang === "vi" ? "vi-VN" : "en-GB");
  const num = (n, d = 0) => new Intl.NumberFormat(locale(), { minimumFractionDigits: d, maximumFractionDigits: d }).format(n);

  function applyLang() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-t]").forEach((el) => { el.textContent = t(el.dataset.t); });
    document.querySelectorAll("[data-lang]").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.lang === lang)));
    document.title = t("fc_title");
    fillProducts();
    if (last) render(last);
  }

  async function api(path) {
    const r = await fetch(path, { credentials: "same-origin" });
    let body = null;
    try { body = await r.json(); } catch (e) { body = null; }
    return { status: r.status, body };
  }

  function option(sel, value, text) {
    const o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    sel.appendChild(o);
  }

  function fillProducts() {
    const sel = $("fc-product"), keep = sel.value;
    sel.length = 1;
    for (const p of products) if (p.unit !== "piece") option(sel, p.id, lang === "en" ? p.name_en : p.name_vi);
    sel.value = keep;
  }

  // "MAPE 12,3 %" or "MASE 0,45": the error of last season's forecasts, as the API measured it.
  function errorText(a) {
    if (!a || a.value === null) return t("fc_no_error");
    return a.metric === "mape" ? `${t("fc_mape")} ${num(a.value, 1)} %` : `${t("fc_mase")} ${num(a.value, 2)}`;
  }

  function table(el, heads, rows) {
    el.textContent = "";
    const hr = el.createTHead().insertRow();
    heads.forEach((h) => { const th = document.createElement("th"); th.textContent = h.text; if (h.num) th.className = "num"; hr.appendChild(th); });
    const tb = el.createTBody();
    for (const r of rows) {
      const tr = tb.insertRow();
      if (r.key !== undefined) tr.dataset.key = r.key;
      if (r.onclick) { tr.className = "fc-selectable" + (r.selected ? " fc-selected" : ""); tr.addEventListener("click", r.onclick); }
      r.cells.forEach((c, i) => { const td = tr.insertCell(); td.textContent = c; if (heads[i].num) td.className = "num"; });
    }
  }

  function el(name, attrs, parent) {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (parent) parent.appendChild(e);
    return e;
  }

  function monthLabel(monday) {
    const [y, m] = monday.split("-").map(Number);
    return lang === "vi" ? `T${m}/${y}` : new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });
  }

  // History as a line, the forecast as a dashed line from the last actual week, and the
  // weekly pace a target asks for as a dotted level.
  function chart(series, pace, unit) {
    const box = $("fc-chart");
    box.textContent = "";
    // Drawn at the box's own width, so its text stays readable on a phone.
    const W = Math.max(320, Math.min(900, box.clientWidth || 900)), H = W < 600 ? 240 : 300, L = 56, R = 12, T = 12, B = 34;
    const hist = series.history, fc = series.forecast;
    const all = hist.map((p) => p.value).concat(fc.map((p) => p.value), pace ? [pace] : []);
    const max = Math.max(1, ...all) * 1.1;
    const n = hist.length + fc.length;
    const x = (i) => L + (n > 1 ? (i * (W - L - R)) / (n - 1) : 0);
    const y = (v) => T + (H - T - B) * (1 - v / max);
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, "aria-label": `${t("fc_history")} · ${t("fc_forecast")}` }, box);
    for (let k = 0; k <= 4; k++) {
      const v = (max * k) / 4;
      el("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), class: "grid" }, svg);
      el("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end" }, svg).textContent = num(v);
    }
    el("line", { x1: L, x2: L, y1: T, y2: H - B, class: "axis" }, svg);
    el("line", { x1: L, x2: W - R, y1: H - B, y2: H - B, class: "axis" }, svg);
    const weeks = hist.concat(fc);
    let lastX = -1e9;
    const every = W < 600 ? 6 : 3;  // a label each quarter, each half-year on a phone
    weeks.forEach((p, i) => {
      const day = Number(p.monday.slice(8, 10)), month = Number(p.monday.slice(5, 7));
      if (day <= 7 && (month - 1) % every === 0 && x(i) - lastX > 50) {
        el("text", { x: x(i), y: H - B + 18, "text-anchor": "middle" }, svg).textContent = monthLabel(p.monday);
        el("line", { x1: x(i), x2: x(i), y1: H - B, y2: H - B + 5, class: "axis" }, svg);
        lastX = x(i);
      }
    });
    if (pace) el("line", { x1: L, x2: W - R, y1: y(pace), y2: y(pace), class: "pace" }, svg);
    if (hist.length)
      el("path", { class: "hist", d: hist.map((p, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ") }, svg);
    const start = hist.length ? [[hist.length - 1, hist[hist.length - 1].value]] : [];
    const pts = start.concat(fc.map((p, k) => [hist.length + k, p.value]));
    el("path", { class: "fc", d: pts.map(([i, v], k) => `${k ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ") }, svg);
    fc.forEach((p, k) => {
      const c = el("circle", { class: "fcdot", cx: x(hist.length + k), cy: y(p.value), r: 4 }, svg);
      el("title", {}, c).textContent = `${p.week}: ${num(p.value, 1)} ${unit}`;
    });
  }

  function sum(series) { return series.forecast.reduce((s, p) => s + p.value, 0); }

  function render(o) {
    const kgMode = $("fc-measure").value !== "orders";
    const unit = kgMode ? t("fc_kg_unit") : t("fc_orders_unit");
    const pid = o.product_id;
    const series = kgMode ? (pid ? (o.dropoffs_kg.by_product[0] || o.dropoffs_kg) : o.dropoffs_kg) : o.orders;
    const indicator = kgMode ? "dropoff_kg" : "orders_collected";
    // The pace line is the target of the unit the chart is about: the unit chosen, or the one
    // unit every post office in scope lies in. A product's kg has no target of its own.
    const units = new Set(o.dropoffs_kg.by_post_office.map((p) => p.unit_id));
    const about = $("fc-unit").value || (units.size === 1 ? [...units][0] : "");
    const target = o.targets.find((x) => x.indicator === indicator && x.unit_id === about);
    const pace = target && !(kgMode && pid) ? target.weekly_pace : null;
    let title = kgMode ? t("fc_title_kg") : t("fc_title_orders");
    if (kgMode && pid && o.dropoffs_kg.by_product[0]) title += " · " + (lang === "en" ? o.dropoffs_kg.by_product[0].name_en : o.dropoffs_kg.by_product[0].name_vi);
    $("fc-chart-title").textContent = title;
    chart(series, pace, unit);

    const sm = $("fc-summary");
    sm.textContent = "";
    const facts = [
      [t("fc_next4"), `${num(sum(series), kgMode ? 1 : 0)} ${unit}`, "fc-next4"],
      [t("fc_method"), t("fc_m_" + series.method), "fc-method"],
      [t("fc_error"), errorText(series.accuracy), "fc-accuracy"],
    ];
    if (pace) facts.push([t("fc_weekly_pace"), `${num(pace, 1)} ${unit}`, "fc-pace"]);
    for (const [label, value, id] of facts) {
      const d = document.createElement("div");
      const s = document.createElement("strong");
      s.id = id;
      s.textContent = value;
      const sp = document.createElement("span");
      sp.textContent = label;
      d.append(s, sp);
      sm.appendChild(d);
    }

    table($("fc-weeks"), [{ text: t("fc_week") }, { text: t("fc_from") }, { text: `${t("fc_expected")} (${unit})`, num: true }],
      series.forecast.map((p) => ({ key: p.week, cells: [p.week, p.monday, num(p.value, kgMode ? 1 : 0)] })));

    const trows = o.targets.map((x) => {
      const s = x.indicator === "dropoff_kg" ? o.dropoffs_kg : o.orders;
      return { key: x.unit_id + ":" + x.indicator, cells: [x.unit_name, t(x.indicator), num(x.target), num(x.weekly_pace, 1), num(sum(s) / s.forecast.length, 1)] };
    });
    if (!trows.length) trows.push({ cells: [t("fc_no_targets"), "", "", "", ""] });
    table($("fc-targets"), [{ text: t("unit") }, { text: t("indicator") }, { text: t("fc_yearly_target"), num: true },
      { text: t("fc_weekly_pace"), num: true }, { text: t("fc_weekly_forecast"), num: true }], trows);

    const heads = [{ text: t("product") }].concat(o.dropoffs_kg.forecast.map((p) => ({ text: p.week, num: true })),
      [{ text: t("fc_next4"), num: true }, { text: t("fc_method") }, { text: t("fc_error") }]);
    table($("fc-products"), heads, o.dropoffs_kg.by_product.map((p) => ({
      key: p.product_id, selected: p.product_id === pid,
      onclick: () => { $("fc-product").value = pid === p.product_id ? "" : p.product_id; $("fc-measure").value = "kg"; load(); },
      cells: [lang === "en" ? p.name_en : p.name_vi].concat(p.forecast.map((w) => num(w.value, 1)),
        [num(sum(p), 1), t("fc_m_" + p.method), errorText(p.accuracy)]),
    })));

    const ord = {};
    for (const s of o.orders.by_post_office) ord[s.post_office_id] = s;
    table($("fc-post-offices"), [{ text: t("post_office") }, { text: t("unit") }, { text: `${t("fc_next4")} (kg)`, num: true },
      { text: t("fc_error") + " (kg)" }, { text: `${t("fc_next4")} (${t("fc_orders_unit")})`, num: true }, { text: t("fc_error") + ` (${t("fc_orders_unit")})` }],
    o.dropoffs_kg.by_post_office.map((s) => ({ key: s.post_office_id, cells: [s.name, s.unit_name, num(sum(s), 1), errorText(s.accuracy),
      num(sum(ord[s.post_office_id]), 0), errorText(ord[s.post_office_id].accuracy)] })));
  }

  async function load() {
    const q = new URLSearchParams();
    if ($("fc-unit").value) q.set("unit", $("fc-unit").value);
    if ($("fc-post-office").value) q.set("post_office", $("fc-post-office").value);
    if ($("fc-product").value) q.set("product", $("fc-product").value);
    if ($("fc-at").value) q.set("at", $("fc-at").value);
    $("fc-error").textContent = "";
    const r = await api("/api/v1/dash/forecast?" + q.toString());
    if (r.status !== 200) {
      $("fc-error").textContent = (r.body && r.body.error && r.body.error.message) || String(r.status);
      return;
    }
    last = r.body;
    render(last);
    document.body.dataset.loaded = "1";
  }

  async function start() {
    const me = await api("/api/v1/dash/me");
    if (me.status !== 200) { $("fc-signin").hidden = false; applyLang(); return; }
    $("who").hidden = false;
    $("who-name").textContent = me.body.user.display_name;
    const [u, p] = await Promise.all([api("/api/v1/dash/units"), api("/api/v1/dash/products")]);
    if (u.status === 200) {
      // Units no longer in force stay choosable: their history is what the forecast reads.
      for (const x of u.body.units) option($("fc-unit"), x.id, x.name + (x.valid_to ? " (≤ " + x.valid_to + ")" : ""));
      for (const x of u.body.post_offices) option($("fc-post-office"), x.id, x.name);
    }
    if (p.status === 200) products = p.body.products;
    $("forecast").hidden = false;
    applyLang();
    await load();
  }

  document.querySelectorAll("[data-lang]").forEach((b) => b.addEventListener("click", () => {
    lang = b.dataset.lang;
    localStorage.setItem("hp.lang", lang);
    applyLang();
  }));
  $("fc-filters").addEventListener("submit", (e) => { e.preventDefault(); load(); });
  $("fc-measure").addEventListener("change", () => { if (last) render(last); });
  start();
})();
