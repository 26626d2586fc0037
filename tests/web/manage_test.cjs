// The data-management page in real Chromium against a real kiosk-server: an administrator
// adds a post office and makes an enrolment code that a kiosk then uses; a city officer
// changes a price, which a kiosk gets with its next pull, and a target; both see the change
// log. Screenshots at 1366x768 and on a phone.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { Centre } = require("./centre.cjs");
const { launch, shot, DESKTOP, PHONE } = require("./browser.cjs");

const PASSWORD = "mật-khẩu-thử-1234";
const TOMATO = "01924f80-0000-7000-8000-100000000001";  // CA-CHUA in the demo catalogue
const TODAY = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);  // Vietnam's date

let centre, browser;

test.before(async () => {
  centre = new Centre("manage");
  await centre.start();
  centre.addStaff("admin", "admin", PASSWORD);
  centre.addStaff("city", "city", PASSWORD);
  browser = await launch(centre.spkiList());
});

test.after(async () => {
  if (browser) await browser.close();
  if (centre) assert.equal(await centre.stop(), 0, "kiosk-server did not stop cleanly");
});

// Signed in on the dashboard, then on to the data-management page by its link.
async function managePage(username, viewport) {
  const ctx = await browser.newContext({ viewport, locale: "vi-VN" });
  const page = await ctx.newPage();
  await page.goto(`${centre.origin}/dash/`);
  await page.waitForSelector("body[data-loaded=login]");
  await page.fill("#username", username);
  await page.fill("#password", PASSWORD);
  await page.click("#login-form button[type=submit]");
  await page.waitForSelector("body[data-loaded=overview]");
  await page.click("#manage-link");
  await page.waitForSelector("body[data-ready='1']");
  return { ctx, page };
}

test("an administrator adds a post office and an enrolment code that a kiosk enrols with", async () => {
  const { ctx, page } = await managePage("admin", DESKTOP);
  assert.equal(await page.textContent("h1"), "Quản lý dữ liệu");
  await page.fill("#po-id", "po-an-hai");
  await page.fill("#po-name", "Bưu cục An Hải");
  await page.selectOption("#po-unit", "vn-31-11617");
  await page.click("#po-form button[type=submit]");
  await page.waitForSelector("#po-table tr[data-key='po-an-hai']");
  // Bad input: the server's message, nothing added.
  await page.fill("#po-id", "po-an-hai");
  await page.fill("#po-name", "Lặp lại");
  await page.click("#po-form button[type=submit]");
  await page.waitForFunction(() => document.querySelector("#po-status").classList.contains("error"));
  assert.match(await page.textContent("#po-status"), /exists/);

  await page.selectOption("#enrol-po", "po-an-hai");
  await page.fill("#enrol-hours", "2");
  await page.click("#enrol-form button[type=submit]");
  await page.waitForSelector("#enrol-code:not([hidden])");
  const code = (await page.textContent("#enrol-code-value")).trim();
  assert.match(code, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
  await page.waitForFunction(() => document.querySelector("#audit-table tbody tr td:nth-child(3)").textContent === "enrol_code.issue");
  await shot(page, "manage-admin-1366x768");
  await ctx.close();

  const r = await centre.request("POST", "/api/v1/enrol", { body: { code, name: "Quầy An Hải", app_version: "web-test" } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.post_office_id, "po-an-hai");
});

test("a city officer changes a price and a target on the page; the kiosk gets the price with its next pull", async () => {
  const kiosk = await centre.enrolKiosk("po-an-lao");
  const first = await centre.request("POST", "/api/v1/pull", { body: { cursor: null, limit: 1000 },
    headers: { Authorization: `Bearer ${kiosk.credential}` } });
  assert.equal(first.status, 200);
  let cursor = first.json.cursor;
  for (let more = first.json.more; more;) {
    const next = await centre.request("POST", "/api/v1/pull", { body: { cursor, limit: 1000 }, headers: { Authorization: `Bearer ${kiosk.credential}` } });
    cursor = next.json.cursor;
    more = next.json.more;
  }

  const { ctx, page } = await managePage("city", DESKTOP);
  // What the city association may not use is not shown (and the server refuses it anyway).
  assert.equal(await page.isHidden("#sec-post-offices"), true);
  assert.equal(await page.isHidden("#sec-staff"), true);
  await page.selectOption("#price-product", TOMATO);
  await page.selectOption("#price-grade", "A");
  await page.fill("#price-value", "26000");
  assert.equal(await page.inputValue("#price-date"), TODAY);
  await page.click("#price-form button[type=submit]");
  await page.waitForFunction(() => document.querySelector("#price-status").textContent === "Đã lưu");
  await page.waitForFunction(() => document.querySelector("#price-table tr[data-key='CA-CHUA'] td:nth-child(2)").dataset.value === "26000");

  await page.selectOption("#target-unit", "vn-31-313");
  await page.selectOption("#target-indicator", "dropoff_kg");
  await page.fill("#target-value", "1234");
  await page.click("#target-form button[type=submit]");
  await page.waitForFunction(() => {
    const td = document.querySelector("#target-table tr[data-key='vn-31-313/dropoff_kg'] td:nth-child(3)");
    return td && td.dataset.value === "1234";
  });
  await page.waitForFunction(() => document.querySelector("#audit-table tbody tr td:nth-child(3)").textContent === "target.set");
  const actions = await page.$$eval("#audit-table tbody tr td:nth-child(3)", (tds) => tds.map((td) => td.textContent));
  assert.ok(actions.includes("price.set"), actions.join(","));
  await shot(page, "manage-city-1366x768");
  await ctx.close();

  const r = await centre.request("POST", "/api/v1/pull", { body: { cursor, limit: 1000 }, headers: { Authorization: `Bearer ${kiosk.credential}` } });
  assert.equal(r.status, 200);
  assert.equal(r.json.reset, false);
  const tomato = r.json.changes.filter((c) => c.entity === "product" && c.id === TOMATO).pop();
  assert.ok(tomato, "the kiosk did not get the product change");
  assert.equal(tomato.data.prices.find((g) => g.grade === "A").price_vnd, 26000);

  // On a phone: one column, nothing wider than the screen but the scrolling tables.
  const phone = await managePage("city", PHONE);
  const wide = await phone.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= PHONE.width, `the page is ${wide} px wide`);
  await shot(phone.page, "manage-city-390x844");
  await phone.ctx.close();
});
