// The operations page in real Chromium against a real kiosk-server (docs/dashboard.md
// "Operations"): a technician signs in, sees the kiosk that stopped calling flagged offline
// while the one that keeps pulling stays online, and merges a farmer registered twice; the
// merge reaches a kiosk's next pull.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { Centre, uuid7 } = require("./centre.cjs");
const { launch, shot, DESKTOP, PHONE } = require("./browser.cjs");

const PASSWORD = "mật-khẩu-thử-1234";

test("a technician sees which kiosk needs help and merges two farmers from the page", { timeout: 60000 }, async () => {
  const centre = new Centre("ops");
  await centre.start(["--seen-flush-ms", "200"]);
  let browser = null, keepAlive = null;
  try {
    centre.addStaff("kythuat", "technician", PASSWORD);
    const quiet = await centre.enrolKiosk("po-an-duong");
    const busy = await centre.enrolKiosk("po-an-lao");
    // The quiet kiosk says it pulls every second, then stops: offline after 10 s (the rule).
    const quietState = { app_version: "0.9.0", unsent_count: 4, oldest_unsent_ms: Date.now() - 60000, pull_interval_ms: 1000,
                         devices: { printer: "printer.paper_out", scale: "ready" }, dead_letters: 0, review_flags: 0 };
    await quiet.pull(quietState);
    const busyState = { app_version: "0.9.1", unsent_count: 0, oldest_unsent_ms: null, pull_interval_ms: 1000,
                        devices: { printer: "ready", scale: "ready" }, dead_letters: 0, review_flags: 1 };
    await busy.pull(busyState);
    keepAlive = setInterval(() => { busy.pull(busyState).catch(() => {}); }, 500);

    // One farmer registered at both counters while they were offline: the same phone.
    const at = Date.now() - 3600e3;
    const first = uuid7(at), second = uuid7(at + 1000);
    const farmer = (id, code, ms) => ({ id, member_code: code, name: "Đỗ Thị Lan", phone: "0988123456", commune: "An Đồng",
                                        district: "", branch: "", cooperative: "", created_at: ms });
    await quiet.push([quiet.event("farmer.registered", first, farmer(first, "HPMWEB000001", at), at)]);
    await busy.push([busy.event("farmer.registered", second, farmer(second, "HPMWEB000002", at + 1000), at + 1000)]);

    browser = await launch(centre.spkiList());
    const page = await (await browser.newContext({ viewport: DESKTOP })).newPage();
    page.on("dialog", (d) => d.accept());
    await page.goto(`${centre.origin}/dash/ops`);
    await page.waitForSelector("body[data-loaded=login]");
    await page.fill("#username", "kythuat");
    await page.fill("#password", PASSWORD);
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector("body[data-loaded=ops]");
    assert.equal(await page.textContent("#who-role"), "Kỹ thuật viên");

    // The conflicts queue: the two farmers, the earlier kept; merged from the page.
    const row = page.locator(`#conflicts-table tr[data-key="${second}"]`);
    await row.waitFor();
    assert.match(await row.textContent(), /HPMWEB000001/);
    assert.match(await row.textContent(), /HPMWEB000002/);
    assert.match(await row.textContent(), /Cùng số điện thoại/);
    await shot(page, "ops-conflict");
    await row.locator("button.merge").click();
    await page.waitForSelector("#merge-status[data-result=merged]");
    // The queue is fetched again after the merge: the row goes when that answer is drawn.
    await page.locator(`#conflicts-table tr[data-key="${second}"]`).waitFor({ state: "detached", timeout: 10000 });
    assert.equal(await page.locator(`#conflicts-table tr[data-key="${second}"]`).count(), 0);
    assert.equal(await page.isVisible("#no-conflicts"), true);
    // The merge reaches the kiosks' next pull, and was audited.
    const pulled = await quiet.pull(quietState);
    const merge = pulled.changes.find((c) => c.entity === "farmer_merge" && c.id === second);
    assert.ok(merge, "the farmer_merge change is in the pull");
    assert.equal(merge.data.merged_into, first);
    const last = Date.now();

    // The quiet kiosk stopped calling: offline once 10 of its 1 s intervals have passed.
    const quietRow = page.locator(`#kiosks-table tr[data-key="${quiet.id}"]`);
    const deadline = last + 25000;
    for (;;) {
      await page.reload();
      await page.waitForSelector("body[data-loaded=ops]");
      if ((await quietRow.getAttribute("data-link")) === "offline") break;
      assert.ok(Date.now() < deadline, "the quiet kiosk never showed offline");
      await page.waitForTimeout(1000);
    }
    assert.ok(Date.now() - last >= 10000, "offline only after 10 intervals");
    assert.match(await quietRow.textContent(), /Ngoại tuyến/);
    assert.match(await quietRow.getAttribute("data-alerts"), /printer_paper_out/);
    assert.match(await quietRow.textContent(), /Máy in hết giấy/);
    const busyRow = page.locator(`#kiosks-table tr[data-key="${busy.id}"]`);
    assert.equal(await busyRow.getAttribute("data-link"), "online");
    assert.match(await busyRow.getAttribute("data-alerts"), /conflicts_flagged/);
    // The kiosk needing help comes first.
    assert.equal(await page.locator("#kiosks-table tbody tr").first().getAttribute("data-key"), quiet.id);
    assert.equal(await page.getAttribute("#count-offline", "data-value"), "1");
    await shot(page, "ops-desktop");
    // Fits 1366 px without sideways scrolling of the page.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));

    // English, and a phone.
    await page.click("[data-lang=en]");
    assert.match(await quietRow.textContent(), /Offline/);
    await page.setViewportSize(PHONE);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no sideways scroll on a phone");
    await shot(page, "ops-phone");
  } finally {
    if (keepAlive) clearInterval(keepAlive);
    if (browser) await browser.close();
    assert.equal(await centre.stop(), 0);
  }
});
