// The preview page itself: the shell says it is not Discourse, the user switcher keeps a
// valid choice in a cookie and refuses anything else.
import { ErrorResponse } from "@emancipasso/directory-service/contract";
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { ROOT } from "../../preview/assets.ts";
import { PLUGIN_ICONS } from "../../preview/icons.ts";
import type { RunningPreview } from "../../preview/server.ts";
import { backTo, optionsFromEnv } from "../../preview/server.ts";
import {
  closedPort,
  PLACEHOLDER_ASSETS,
  startTestPreview,
} from "./helpers/preview.ts";

let preview: RunningPreview;
before(async () => {
  // The page needs no service: only the proxy does.
  preview = await startTestPreview(`http://127.0.0.1:${await closedPort()}`);
});
after(() => preview?.close());

test("the directory pages serve the shell, which says it is a preview and not Discourse", async () => {
  for (const path of [
    "/annuaire",
    "/annuaire?q=equipe&page=2",
    "/annuaire/atelier-libre",
  ]) {
    const response = await fetch(`${preview.url}${path}`);
    assert.equal(response.status, 200, path);
    const html = await response.text();
    assert.match(html, /ce n'est pas Discourse/);
    assert.match(html, /this is not Discourse/);
    assert.match(html, /<a href="\/annuaire"/);
    assert.match(html, /<select id="preview-user" name="user">/);
    assert.match(
      html,
      /<script type="module" src="\/preview-assets\/app-placeholder\.js">/
    );
  }
  const root = await fetch(`${preview.url}/`, { redirect: "manual" });
  assert.equal(root.status, 302);
  assert.equal(root.headers.get("location"), "/annuaire");
  const unknown = await fetch(`${preview.url}/latest`);
  assert.equal(unknown.status, 404);
  assert.equal(
    ErrorResponse.parse(await unknown.json()).error.code,
    "not_found"
  );
});

test("the shell hands the chosen user and locale to the app, anonymous by default", async () => {
  const boot = async (cookie?: string) => {
    const html = await (
      await fetch(
        `${preview.url}/annuaire`,
        cookie ? { headers: { cookie } } : {}
      )
    ).text();
    const match =
      /<script type="application\/json" id="preview-boot">(.*?)<\/script>/s.exec(
        html
      );
    return JSON.parse(match?.[1] ?? "null") as {
      locale: string;
      currentUser: { username: string; admin: boolean; locale: string } | null;
    };
  };
  assert.deepEqual(await boot(), { locale: "fr", currentUser: null });
  assert.deepEqual(await boot("preview_user=nobody; preview_locale=de"), {
    locale: "fr",
    currentUser: null,
  });
  const admin = await boot("preview_user=admin; preview_locale=en");
  assert.equal(admin.locale, "en");
  assert.equal(admin.currentUser?.username, "admin");
  assert.equal(admin.currentUser?.admin, true);
  assert.equal(admin.currentUser?.locale, "en");
});

test("switching user sets cookies and returns to the directory page it came from", async () => {
  const response = await fetch(`${preview.url}/preview/user`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      referer: `${preview.url}/annuaire?q=equipe&page=2`,
    },
    body: "user=provider&locale=en",
  });
  assert.equal(response.status, 303);
  assert.equal(response.headers.get("location"), "/annuaire?q=equipe&page=2");
  const cookies = response.headers.getSetCookie();
  assert.ok(
    cookies.some((cookie) => cookie.startsWith("preview_user=provider;"))
  );
  assert.ok(cookies.some((cookie) => cookie.startsWith("preview_locale=en;")));
});

test("a bad switch is refused with 400 JSON and sets nothing", async () => {
  for (const body of [
    "user=root",
    "user=admin&locale=de",
    "",
    "user=admin&extra=1",
  ]) {
    const response = await fetch(`${preview.url}/preview/user`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    assert.equal(response.status, 400, body);
    assert.equal(
      ErrorResponse.parse(await response.json()).error.code,
      "bad_request"
    );
    assert.deepEqual(response.headers.getSetCookie(), []);
  }
});

test("the switcher only sends people back to the preview's own directory pages", () => {
  const host = "127.0.0.1:4200";
  assert.equal(
    backTo("http://127.0.0.1:4200/annuaire/atelier-libre", host),
    "/annuaire/atelier-libre"
  );
  assert.equal(backTo("http://evil.example/annuaire", host), "/annuaire");
  assert.equal(backTo("http://127.0.0.1:4200/preview/user", host), "/annuaire");
  assert.equal(backTo("not a url", host), "/annuaire");
  assert.equal(backTo(undefined, host), "/annuaire");
  assert.equal(backTo("http://127.0.0.1:4200/t/exemple", host), "/t/exemple");
});

test("the page's icon sprite holds every icon the plugin draws, and /t/exemple is a page", async () => {
  const html = await (await fetch(`${preview.url}/t/exemple`)).text();
  assert.match(html, /ce n'est pas Discourse/);
  // Icon names in the plugin's files: {{icon "x"}}, @icon="x", icon: "x".
  const files = await readdir(join(ROOT, "assets/javascripts/discourse"), {
    recursive: true,
  });
  const used = new Set<string>();
  for (const file of files.filter((name) => /\.(ts|gts|js)$/.test(name))) {
    const source = await readFile(
      join(ROOT, "assets/javascripts/discourse", file),
      "utf8"
    );
    for (const match of source.matchAll(
      /(?:\{\{icon\s+|@icon=|\bicon:\s*)"([a-z0-9-]+)"/g
    )) {
      used.add(match[1]!);
    }
  }
  assert.ok(used.has("address-book") && used.has("check"), [...used].join());
  for (const name of used) {
    assert.ok(
      (PLUGIN_ICONS as readonly string[]).includes(name),
      `${name} in preview/icons.ts`
    );
    assert.match(
      html,
      new RegExp(`<symbol id="${name}" viewBox="0 0 \\d+ \\d+"><path d="M`)
    );
  }
});

test("the preview's environment is checked at start", () => {
  const secret = "a-development-secret-of-at-least-32-chars";
  const options = optionsFromEnv(
    { DIRECTORY_SHARED_SECRET: secret },
    PLACEHOLDER_ASSETS
  );
  assert.equal(options.port, 4200);
  assert.equal(options.proxy.serviceUrl.href, "http://127.0.0.1:4100/");
  assert.equal(options.proxy.timeoutMs, 10_000);
  assert.equal(
    optionsFromEnv(
      { DIRECTORY_SHARED_SECRET: secret, PREVIEW_PORT: "0" },
      PLACEHOLDER_ASSETS
    ).port,
    0
  );
  const refused: Array<Record<string, string>> = [
    {},
    { DIRECTORY_SHARED_SECRET: "too-short" },
    { DIRECTORY_SHARED_SECRET: secret, PREVIEW_PORT: "70000" },
    { DIRECTORY_SHARED_SECRET: secret, PREVIEW_PORT: "abc" },
    { DIRECTORY_SHARED_SECRET: secret, DIRECTORY_URL: "ftp://127.0.0.1:4100" },
    { DIRECTORY_SHARED_SECRET: secret, DIRECTORY_URL: "not a url" },
    { DIRECTORY_SHARED_SECRET: secret, PREVIEW_TIMEOUT_MS: "0" },
  ];
  for (const env of refused) {
    assert.throws(
      () => optionsFromEnv(env, PLACEHOLDER_ASSETS),
      /invalid environment/,
      JSON.stringify(env)
    );
  }
});
