// A real kiosk-server on loopback for the browser tests, its admin commands, and a kiosk's
// side of the protocol (enrol, push) over HTTPS trusting only the server's own CA.
"use strict";
const { spawn, spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const https = require("node:https");
const os = require("node:os");
const path = require("node:path");

const SERVER = process.env.HP_SERVER_BIN;
const ASSETS = path.join(process.env.HP_SOURCE_DIR, "assets");

// UUIDv7: 48-bit Unix milliseconds, version 7, variant 10, the rest random.
function uuid7(ms = Date.now()) {
  const b = crypto.randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// The base64 SHA-256 of a certificate's SubjectPublicKeyInfo: what Chromium's
// --ignore-certificate-errors-spki-list takes.
function spkiHash(pemFile) {
  const cert = new crypto.X509Certificate(fs.readFileSync(pemFile));
  const der = cert.publicKey.export({ type: "spki", format: "der" });
  return crypto.createHash("sha256").update(der).digest("base64");
}

// SQL through psql in the cluster the PG* environment names (pg_virtualenv in ctest web_pg).
function psql(sql, db = "postgres") {
  const r = spawnSync("psql", ["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", db, "-c", sql], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return r.stdout;
}

// The backend under test: SQLite, or PostgreSQL when HP_TEST_PG=1 (a database per Centre).
const onPostgres = process.env.HP_TEST_PG === "1";

class Centre {
  // history: the demo's two years of seasonal history too (forecast tests); the other suites
  // start without it (--no-demo-history), which is quicker.
  constructor(tag, { history = false } = {}) {
    this.history = history;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `hp-web-${tag}-`));
    this.proc = null;
    this.port = 0;
    this.dbArgs = [];
    if (onPostgres) {
      this.db = `hp_web_${tag}`;
      psql(`DROP DATABASE IF EXISTS ${this.db} WITH (FORCE)`);
      psql(`CREATE DATABASE ${this.db}`);
      this.dbArgs = ["--db", `postgresql:///${this.db}`];
    }
  }

  // Everything the database holds, as text: the SQLite files, or a dump of the dashboard's
  // tables on PostgreSQL.
  storedText() {
    if (!onPostgres)
      return ["server.db", "server.db-wal"].map((f) => path.join(this.dir, f)).filter(fs.existsSync)
        .map((f) => fs.readFileSync(f).toString("latin1")).join("");
    return psql("SELECT coalesce(string_agg(s::text, ' '), '') FROM dash_sessions s", this.db) +
      psql("SELECT coalesce(string_agg(s::text, ' '), '') FROM dash_staff s", this.db);
  }

  async start(extra = []) {
    this.proc = spawn(SERVER, ["--data", this.dir, "--listen", "127.0.0.1:0", "--demo", ...(this.history ? [] : ["--no-demo-history"]), "--assets", ASSETS, ...this.dbArgs, ...extra], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const line = await new Promise((resolve, reject) => {
      let buf = "";
      const timer = setTimeout(() => reject(new Error("kiosk-server did not start in 20 s")), 20000);
      this.proc.stdout.on("data", (d) => {
        buf += d;
        const nl = buf.indexOf("\n");
        if (nl >= 0) { clearTimeout(timer); resolve(buf.slice(0, nl)); }
      });
      this.proc.on("exit", (code) => { clearTimeout(timer); reject(new Error(`kiosk-server exited ${code}`)); });
    });
    this.port = JSON.parse(line).port;
    this.ca = fs.readFileSync(path.join(this.dir, "tls", "ca.pem"));
    this.origin = `https://127.0.0.1:${this.port}`;
  }

  // SIGTERM, then the exit status: 0 is a clean stop (under ASan, also no leak and no error).
  async stop() {
    let code = this.proc ? this.proc.exitCode : 0;
    if (this.proc && code === null) {
      const done = new Promise((r) => this.proc.on("exit", (c, sig) => r(sig ? sig : c)));
      this.proc.kill("SIGTERM");
      code = await done;
    }
    if (onPostgres) psql(`DROP DATABASE IF EXISTS ${this.db} WITH (FORCE)`);
    fs.rmSync(this.dir, { recursive: true, force: true });
    return code;
  }

  // SPKI hashes of the server's CA and leaf: Chromium then accepts exactly this server.
  spkiList() {
    return [spkiHash(path.join(this.dir, "tls", "ca.pem")), spkiHash(path.join(this.dir, "tls", "server.pem"))];
  }

  admin(args, input) {
    const r = spawnSync(SERVER, ["admin", "--data", this.dir, ...this.dbArgs, ...args], { input: input || "", encoding: "utf8" });
    if (r.status !== 0) throw new Error(`admin ${args.join(" ")}: ${r.stderr}`);
    return r.stdout.trim().split("\n");
  }

  addStaff(username, role, password, extra = []) {
    return JSON.parse(this.admin(["staff", "add", "--username", username, "--name", `Cán bộ ${username}`, "--role", role, ...extra],
      password + "\n")[0]);
  }

  request(method, p, { body, headers = {}, raw } = {}) {
    return new Promise((resolve, reject) => {
      const data = raw !== undefined ? raw : body === undefined ? undefined : JSON.stringify(body);
      const req = https.request({
        host: "127.0.0.1", port: this.port, path: p, method, ca: this.ca,
        headers: Object.assign(data !== undefined ? { "Content-Type": "application/json" } : {}, headers),
      }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c) => { text += c; });
        res.on("end", () => {
          let json = null;
          try { json = JSON.parse(text); } catch (e) { json = null; }
          resolve({ status: res.statusCode, headers: res.headers, text, json });
        });
      });
      req.on("error", reject);
      if (data !== undefined) req.write(data);
      req.end();
    });
  }

  // A session as the API sees it: the cookie and the CSRF token from signing in.
  async signIn(username, password) {
    const r = await this.request("POST", "/api/v1/dash/login", { body: { username, password }, headers: { Origin: this.origin } });
    if (r.status !== 200) throw new Error(`sign-in ${username}: ${r.status} ${r.text}`);
    const cookie = r.headers["set-cookie"][0].split(";")[0];
    return { cookie, csrf: r.json.csrf, user: r.json.user, setCookie: r.headers["set-cookie"][0] };
  }

  async enrolKiosk(postOffice) {
    const code = this.admin(["enrol-code", "--post-office", postOffice]).pop();
    const r = await this.request("POST", "/api/v1/enrol", { body: { code, name: `test ${postOffice}`, app_version: "web-test" } });
    if (r.status !== 201) throw new Error(`enrol: ${r.status} ${r.text}`);
    return new Kiosk(this, r.json.credential, r.json.kiosk_id, postOffice);
  }
}

class Kiosk {
  constructor(centre, credential, id, postOffice) {
    Object.assign(this, { centre, credential, id, postOffice, seq: 0 });
  }
  event(kind, entityId, payload, atMs) {
    this.seq += 1;
    return { id: uuid7(), seq: this.seq, kind, schema_version: 1, entity_id: entityId, kiosk_time_ms: atMs, payload };
  }
  // A pull with the kiosk's state report (docs/PROTOCOL.md 4), as the sync client sends it.
  async pull(state, cursor = null) {
    const r = await this.centre.request("POST", "/api/v1/pull", { body: { cursor, limit: 1000, state: Object.assign({ kiosk_time_ms: Date.now() }, state) },
      headers: { Authorization: `Bearer ${this.credential}` } });
    if (r.status !== 200) throw new Error(`pull: ${r.status} ${r.text}`);
    return r.json;
  }
  async push(events) {
    const r = await this.centre.request("POST", "/api/v1/push", { body: { events }, headers: { Authorization: `Bearer ${this.credential}` } });
    if (r.status !== 200 || r.json.refused !== 0) throw new Error(`push: ${r.status} ${r.text}`);
    return r.json;
  }
}

module.exports = { Centre, uuid7, onPostgres };
