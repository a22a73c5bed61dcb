// Migrations upgrade an existing database in place, keeping its data.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../src/http/app.ts";
import { listen } from "../src/http/server.ts";
import { SearchResponse } from "../src/contract/index.ts";
import { openDatabase, schemaVersion } from "../src/store/database.ts";
import { openDirectory } from "../src/store/directory.ts";
import { CURRENT_SCHEMA_VERSION, MIGRATIONS } from "../src/store/migrations.ts";
import { frenchSortKey } from "../src/domain/text.ts";
import { makeProvider } from "./helpers/fixtures.ts";
import { TEST_SECRET, signatureHeaders, newNonce } from "./helpers/service.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "directory-migrations-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("migrations", () => {
  it("records each applied migration and sets the pragmas", () => {
    const db = openDatabase(join(dir, "fresh.sqlite"));
    try {
      expect(schemaVersion(db)).toBe(CURRENT_SCHEMA_VERSION);
      expect(
        db.prepare("SELECT version FROM schema_migrations ORDER BY version").pluck().all()
      ).toEqual(MIGRATIONS.map((m) => m.version));
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(db.pragma("busy_timeout", { simple: true })).toBe(5000);
    } finally {
      db.close();
    }
  });

  it("does nothing when opened again", () => {
    const path = join(dir, "again.sqlite");
    openDatabase(path).close();
    const db = openDatabase(path);
    try {
      expect(db.prepare("SELECT COUNT(*) FROM schema_migrations").pluck().get()).toBe(
        MIGRATIONS.length
      );
    } finally {
      db.close();
    }
  });

  it("upgrades a database made by the previous migration set, data intact and searchable", async () => {
    const path = join(dir, "old.sqlite");
    const previous = MIGRATIONS.slice(0, -1);
    expect(previous.length).toBeGreaterThanOrEqual(1);

    // A database as the previous release left it, with a provider written by hand
    // (the previous release's code is gone; only its schema matters).
    const old = openDatabase(path, { migrations: previous });
    expect(schemaVersion(old)).toBe(previous.at(-1)!.version);
    const record = {
      ...makeProvider({ slug: "equipe-ancienne", name: "Équipe Ancienne" }),
      created_at: "2025-01-01T00:00:00.000Z",
      updated_at: "2025-01-02T00:00:00.000Z",
    };
    old
      .prepare(
        `INSERT INTO providers (slug, name, sort_key, status, description, tools_text, projects_text, tags_text, record, created_at, updated_at)
       VALUES (?, ?, ?, 'listed', ?, ?, '', '', ?, ?, ?)`
      )
      .run(
        record.slug,
        record.name,
        frenchSortKey(record.name),
        record.description,
        record.tools.join(" · "),
        JSON.stringify(record),
        record.created_at,
        record.updated_at
      );
    const id = old.prepare("SELECT id FROM providers").pluck().get();
    old
      .prepare(
        "INSERT INTO provider_facets (provider_id, facet, key, label) VALUES (?, 'support', 'diagnostic', NULL)"
      )
      .run(id);
    old.close();

    // The current service opens it.
    const db = openDirectory(path);
    try {
      expect(schemaVersion(db)).toBe(CURRENT_SCHEMA_VERSION);
      expect(
        JSON.parse(
          db
            .prepare("SELECT record FROM providers WHERE slug = 'equipe-ancienne'")
            .pluck()
            .get() as string
        )
      ).toEqual(record);
      expect(db.prepare("SELECT COUNT(*) FROM provider_facets").pluck().get()).toBe(1);

      const listening = await listen(createApp({ db, secret: TEST_SECRET }), 0, "127.0.0.1");
      try {
        const path = "/v1/providers?q=equipe&support=diagnostic";
        const headers = signatureHeaders("GET", path, Buffer.alloc(0), {
          secret: TEST_SECRET,
          timestamp: String(Math.floor(Date.now() / 1000)),
          nonce: newNonce(),
          userHeader: "",
        });
        const response = SearchResponse.parse(
          await (await fetch(listening.url + path, { headers })).json()
        );
        expect(response.items.map((item) => item.slug)).toEqual(["equipe-ancienne"]);
      } finally {
        await listening.close();
      }
    } finally {
      db.close();
    }
  });

  it("version 8 numbers the referees of references sent before it: a referee sent again is one referee", () => {
    const path = join(dir, "referees.sqlite");
    const old = openDatabase(path, { migrations: MIGRATIONS.filter((m) => m.version <= 7) });
    old
      .prepare(
        "INSERT INTO vetting_applications (id, state, structure, draft_references, locale, created_at, updated_at) VALUES (1, 'listed', '{}', '[]', 'fr', 'x', 'x')"
      )
      .run();
    const insert = old.prepare(
      "INSERT INTO vetting_references (id, application_id, position, details, referee_email, state, invited_at, expires_at) VALUES (?, 1, ?, ?, ?, 'answered', 'x', 'x')"
    );
    const details = (number: string) => JSON.stringify({ association_number: number });
    insert.run(1, 0, details("W751234567"), "alex@asso.example.net");
    insert.run(2, 1, details("552100554"), "sam@autre.example.net");
    insert.run(3, 2, details("w751234567"), "alex@asso.example.net"); // sent again (re-verification)
    insert.run(4, 3, details("552100554"), "alex@asso.example.net"); // the same person, another association
    insert.run(5, 4, details("W751234567"), "alex@asso.example.net");
    old.close();
    const db = openDatabase(path);
    try {
      expect(db.prepare("SELECT id, referee_group, personal_data_erased_at FROM vetting_references ORDER BY id").all()).toEqual([
        { id: 1, referee_group: null, personal_data_erased_at: null },
        { id: 2, referee_group: null, personal_data_erased_at: null },
        { id: 3, referee_group: 1, personal_data_erased_at: null },
        { id: 4, referee_group: null, personal_data_erased_at: null },
        { id: 5, referee_group: 1, personal_data_erased_at: null },
      ]);
    } finally {
      db.close();
    }
  });

  it("rolls back a failing migration and leaves the database as it was", () => {
    const path = join(dir, "failing.sqlite");
    openDatabase(path, { migrations: MIGRATIONS.slice(0, 1) }).close();
    const broken = [
      ...MIGRATIONS.slice(0, 1),
      { version: 2, name: "broken", sql: "CREATE TABLE half_done (x); SELECT no_such_function();" },
    ];
    expect(() => openDatabase(path, { migrations: broken })).toThrow();
    const db = openDatabase(path, { migrations: MIGRATIONS.slice(0, 1) });
    try {
      expect(schemaVersion(db)).toBe(1);
      expect(
        db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get()
      ).toBe(0);
    } finally {
      db.close();
    }
  });

  it("refuses a database newer than the service", () => {
    const path = join(dir, "newer.sqlite");
    openDatabase(path, {
      migrations: [...MIGRATIONS, { version: 999, name: "future", sql: "CREATE TABLE future (x)" }],
    }).close();
    expect(() => openDatabase(path)).toThrow(/999/);
  });
});
