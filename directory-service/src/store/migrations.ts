// Versioned schema migrations. Each runs once, inside a transaction, and is recorded in
// schema_migrations; an existing database is upgraded in place, never recreated.
// Append new migrations at the end; never edit one that has shipped.

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

// Version 3 is unused (used nonces live in a file of their own: store/nonces.ts).
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "base tables: taxonomies, providers, provider facets",
    sql: `
      CREATE TABLE taxonomies (
        taxonomy  TEXT NOT NULL,
        key       TEXT NOT NULL,
        label_fr  TEXT NOT NULL,
        label_en  TEXT NOT NULL,
        parent    TEXT,
        position  INTEGER NOT NULL,
        PRIMARY KEY (taxonomy, key)
      ) WITHOUT ROWID;

      -- One row per provider. The full record is kept as JSON (what detail and export
      -- answer, byte-for-byte stable); the columns beside it are what search sorts,
      -- filters and indexes on.
      CREATE TABLE providers (
        id            INTEGER PRIMARY KEY,
        slug          TEXT NOT NULL UNIQUE,
        name          TEXT NOT NULL,
        sort_key      TEXT NOT NULL,
        status        TEXT NOT NULL CHECK (status IN ('draft', 'pending', 'listed', 'suspended')),
        description   TEXT NOT NULL,
        tools_text    TEXT NOT NULL,
        projects_text TEXT NOT NULL,
        tags_text     TEXT NOT NULL,
        record        TEXT NOT NULL CHECK (json_valid(record)),
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
      );
      CREATE INDEX providers_by_status_name ON providers (status, sort_key, slug);

      -- The list fields of each provider, one row per (facet, key): filters and facet
      -- counts are plain SQL over this table.
      CREATE TABLE provider_facets (
        provider_id INTEGER NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
        facet       TEXT NOT NULL,
        key         TEXT NOT NULL,
        label       TEXT,
        PRIMARY KEY (facet, key, provider_id)
      ) WITHOUT ROWID;
      CREATE INDEX provider_facets_by_provider ON provider_facets (provider_id);
    `,
  },
  {
    version: 2,
    name: "full-text index over name, description, tools, example projects and vetting tags",
    sql: `
      -- External-content FTS5 index (its columns are read from providers, hence the
      -- same names) kept in step by triggers; accents and case are folded by the
      -- tokenizer, prefixes are indexed for "equip*".
      CREATE VIRTUAL TABLE providers_fts USING fts5 (
        name, description, tools_text, projects_text, tags_text,
        content = 'providers',
        content_rowid = 'id',
        tokenize = "unicode61 remove_diacritics 2",
        prefix = '2 3 4'
      );
      CREATE TRIGGER providers_fts_insert AFTER INSERT ON providers BEGIN
        INSERT INTO providers_fts (rowid, name, description, tools_text, projects_text, tags_text)
        VALUES (new.id, new.name, new.description, new.tools_text, new.projects_text, new.tags_text);
      END;
      CREATE TRIGGER providers_fts_delete AFTER DELETE ON providers BEGIN
        INSERT INTO providers_fts (providers_fts, rowid, name, description, tools_text, projects_text, tags_text)
        VALUES ('delete', old.id, old.name, old.description, old.tools_text, old.projects_text, old.tags_text);
      END;
      CREATE TRIGGER providers_fts_update AFTER UPDATE ON providers BEGIN
        INSERT INTO providers_fts (providers_fts, rowid, name, description, tools_text, projects_text, tags_text)
        VALUES ('delete', old.id, old.name, old.description, old.tools_text, old.projects_text, old.tags_text);
        INSERT INTO providers_fts (rowid, name, description, tools_text, projects_text, tags_text)
        VALUES (new.id, new.name, new.description, new.tools_text, new.projects_text, new.tags_text);
      END;
      -- Index what an older database already holds.
      INSERT INTO providers_fts (providers_fts) VALUES ('rebuild');
    `,
  },
  {
    version: 4,
    name: "mail outbox: mails queued with the change that causes them, sent by a worker",
    sql: `
      -- One row per mail to send. Queued in the same transaction as the business change
      -- (dedupe_key makes queuing idempotent); the worker claims due rows with a lease
      -- (status 'sending', lease_until) so that two workers never hold the same row.
      -- Times are ISO 8601 UTC strings, which sort as they compare.
      CREATE TABLE outbox (
        id              INTEGER PRIMARY KEY,
        dedupe_key      TEXT NOT NULL UNIQUE,
        to_address      TEXT NOT NULL,
        template        TEXT NOT NULL,
        locale          TEXT NOT NULL CHECK (locale IN ('fr', 'en')),
        params          TEXT NOT NULL CHECK (json_valid(params)),
        status          TEXT NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        lease_until     TEXT,
        last_error      TEXT,
        message_id      TEXT,
        created_at      TEXT NOT NULL,
        sent_at         TEXT
      );
      CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
    `,
  },
  {
    version: 5,
    name: "vetting: applications, teams, references sent to referees, ProConnect logins",
    sql: `
      -- One application per structure: the card it asks for and the references it
      -- declares stay a draft (JSON, saved at every step) until submitted.
      CREATE TABLE vetting_applications (
        id               INTEGER PRIMARY KEY,
        state            TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'references_pending',
                           'in_review', 'changes_requested', 'listed', 'rejected', 'suspended')),
        structure        TEXT NOT NULL CHECK (json_valid(structure)),
        draft_references TEXT NOT NULL CHECK (json_valid(draft_references)),
        moderator_reason TEXT,
        locale           TEXT NOT NULL,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        submitted_at     TEXT
      );

      -- A forum member belongs to at most one team (user_id is the key).
      CREATE TABLE vetting_team_members (
        user_id        INTEGER PRIMARY KEY,
        application_id INTEGER NOT NULL REFERENCES vetting_applications (id) ON DELETE CASCADE,
        username       TEXT NOT NULL,
        role           TEXT NOT NULL CHECK (role IN ('owner', 'member')),
        joined_at      TEXT NOT NULL
      );
      CREATE INDEX vetting_team_members_by_application ON vetting_team_members (application_id);

      -- Invitations by forum username (compared case-insensitively, as Discourse does).
      CREATE TABLE vetting_team_invitations (
        application_id INTEGER NOT NULL REFERENCES vetting_applications (id) ON DELETE CASCADE,
        username_key   TEXT NOT NULL,
        username       TEXT NOT NULL,
        invited_by     TEXT NOT NULL,
        invited_at     TEXT NOT NULL,
        PRIMARY KEY (username_key, application_id)
      ) WITHOUT ROWID;

      -- A reference sent to its referee.
      CREATE TABLE vetting_references (
        id                        INTEGER PRIMARY KEY,
        application_id            INTEGER NOT NULL REFERENCES vetting_applications (id) ON DELETE CASCADE,
        position                  INTEGER NOT NULL,
        details                   TEXT NOT NULL CHECK (json_valid(details)),
        referee_email             TEXT NOT NULL,
        state                     TEXT NOT NULL CHECK (state IN ('invited', 'reminded', 'answered', 'declined', 'expired')),
        invited_at                TEXT NOT NULL,
        expires_at                TEXT NOT NULL,
        reminders_sent            INTEGER NOT NULL DEFAULT 0,
        answered_at               TEXT,
        answer                    TEXT CHECK (answer IS NULL OR json_valid(answer)),
        declined_at               TEXT,
        decline_reason            TEXT,
        organisation_confirmation TEXT CHECK (organisation_confirmation IS NULL OR json_valid(organisation_confirmation))
      );
      CREATE INDEX vetting_references_by_application ON vetting_references (application_id, position);
      CREATE INDEX vetting_references_open ON vetting_references (state, expires_at);

      -- The links mailed to a referee (the invitation's, then each reminder's): only the
      -- SHA-256 of each token is kept, so a copy of the database opens no questionnaire.
      CREATE TABLE vetting_reference_tokens (
        token_hash   TEXT PRIMARY KEY,
        reference_id INTEGER NOT NULL REFERENCES vetting_references (id) ON DELETE CASCADE,
        issued_at    TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX vetting_reference_tokens_by_reference ON vetting_reference_tokens (reference_id);

      -- A ProConnect login under way, found again by its OpenID state on the callback.
      CREATE TABLE vetting_proconnect_logins (
        state         TEXT PRIMARY KEY,
        reference_id  INTEGER NOT NULL REFERENCES vetting_references (id) ON DELETE CASCADE,
        nonce         TEXT NOT NULL,
        code_verifier TEXT NOT NULL,
        redirect_uri  TEXT NOT NULL,
        created_at    TEXT NOT NULL
      ) WITHOUT ROWID;

      -- Every change of an application's state: who, when, from what to what, why.
      CREATE TABLE vetting_events (
        id             INTEGER PRIMARY KEY,
        application_id INTEGER NOT NULL REFERENCES vetting_applications (id) ON DELETE CASCADE,
        at             TEXT NOT NULL,
        actor          TEXT NOT NULL,
        action         TEXT NOT NULL,
        from_state     TEXT,
        to_state       TEXT NOT NULL,
        reason         TEXT
      );
      CREATE INDEX vetting_events_by_application ON vetting_events (application_id, id);
    `,
  },
  {
    version: 6,
    name: "co-funding: campaigns, pledges, quotes, split plans, append-only audit log, idempotency keys",
    sql: `
      -- One campaign per forum topic. Money is integer cents.
      CREATE TABLE cofunding_campaigns (
        id               INTEGER PRIMARY KEY,
        topic_id         INTEGER NOT NULL UNIQUE,
        author_id        INTEGER NOT NULL,
        author_username  TEXT NOT NULL,
        title            TEXT NOT NULL,
        need             TEXT NOT NULL,
        project_name     TEXT NOT NULL,
        forge_url        TEXT NOT NULL,
        expected_outcome TEXT NOT NULL,
        target_cents     INTEGER NOT NULL CHECK (typeof(target_cents) = 'integer' AND target_cents > 0),
        min_pledge_cents INTEGER NOT NULL CHECK (typeof(min_pledge_cents) = 'integer' AND min_pledge_cents > 0),
        deadline_at      TEXT NOT NULL,
        provider_slug    TEXT,
        chosen_quote_id  INTEGER,
        status           TEXT NOT NULL CHECK (status IN
                           ('draft', 'open', 'funded', 'in_progress', 'delivered', 'closed', 'expired', 'cancelled')),
        hidden           INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
        hidden_reason    TEXT,
        funded_at        TEXT,
        -- The creation request as first received: creating again for the topic with the
        -- same request answers this campaign, with another one is a conflict.
        creation_request TEXT NOT NULL CHECK (json_valid(creation_request)),
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL
      );
      CREATE INDEX cofunding_campaigns_by_status_deadline ON cofunding_campaigns (status, deadline_at);

      -- One pledge per member and campaign; withdrawn and released pledges stay as history.
      CREATE TABLE cofunding_pledges (
        id           INTEGER PRIMARY KEY,
        campaign_id  INTEGER NOT NULL REFERENCES cofunding_campaigns (id),
        user_id      INTEGER NOT NULL,
        username     TEXT NOT NULL,
        association  TEXT NOT NULL,
        anonymous    INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
        amount_cents INTEGER CHECK (amount_cents IS NULL OR (typeof(amount_cents) = 'integer' AND amount_cents > 0)),
        in_kind      TEXT NOT NULL CHECK (json_valid(in_kind)),
        note         TEXT,
        status       TEXT NOT NULL CHECK (status IN ('active', 'withdrawn', 'released')),
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL,
        UNIQUE (campaign_id, user_id)
      );
      CREATE INDEX cofunding_pledges_by_user ON cofunding_pledges (user_id);

      CREATE TABLE cofunding_quotes (
        id                    INTEGER PRIMARY KEY,
        campaign_id           INTEGER NOT NULL REFERENCES cofunding_campaigns (id),
        provider_slug         TEXT NOT NULL,
        submitted_by_id       INTEGER NOT NULL,
        submitted_by_username TEXT NOT NULL,
        amount_cents          INTEGER NOT NULL CHECK (typeof(amount_cents) = 'integer' AND amount_cents > 0),
        delay_days            INTEGER NOT NULL,
        deliverables          TEXT NOT NULL,
        licence               TEXT NOT NULL,
        created_at            TEXT NOT NULL
      );
      CREATE INDEX cofunding_quotes_by_campaign ON cofunding_quotes (campaign_id);

      -- Written once, when the campaign is funded: a snapshot of who owes what.
      CREATE TABLE cofunding_split_lines (
        campaign_id   INTEGER NOT NULL REFERENCES cofunding_campaigns (id),
        pledge_id     INTEGER NOT NULL REFERENCES cofunding_pledges (id),
        user_id       INTEGER NOT NULL,
        association   TEXT NOT NULL,
        anonymous     INTEGER NOT NULL,
        pledged_cents INTEGER NOT NULL,
        owed_cents    INTEGER NOT NULL CHECK (owed_cents >= 0 AND owed_cents <= pledged_cents),
        due_cents     INTEGER NOT NULL,
        computed_at   TEXT NOT NULL,
        PRIMARY KEY (campaign_id, pledge_id)
      ) WITHOUT ROWID;

      -- Every decision and state change: who, when, what, why, before and after. Never edited.
      CREATE TABLE cofunding_audit (
        id             INTEGER PRIMARY KEY,
        campaign_id    INTEGER NOT NULL REFERENCES cofunding_campaigns (id),
        at             TEXT NOT NULL,
        actor_id       INTEGER,
        actor_username TEXT,
        action         TEXT NOT NULL,
        reason         TEXT,
        to_status      TEXT,
        before         TEXT CHECK (before IS NULL OR json_valid(before)),
        after          TEXT CHECK (after IS NULL OR json_valid(after))
      );
      CREATE INDEX cofunding_audit_by_campaign ON cofunding_audit (campaign_id, id);
      CREATE TRIGGER cofunding_audit_no_update BEFORE UPDATE ON cofunding_audit BEGIN
        SELECT RAISE(ABORT, 'the audit log is append-only');
      END;
      CREATE TRIGGER cofunding_audit_no_delete BEFORE DELETE ON cofunding_audit BEGIN
        SELECT RAISE(ABORT, 'the audit log is append-only');
      END;

      -- Results of writes sent with an Idempotency-Key, per user and route, for a bounded time.
      CREATE TABLE idempotency_keys (
        user_id     INTEGER NOT NULL,
        route       TEXT NOT NULL,
        key         TEXT NOT NULL,
        body_sha256 TEXT NOT NULL,
        status      INTEGER NOT NULL,
        response    TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        PRIMARY KEY (user_id, route, key)
      ) WITHOUT ROWID;
      CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
    `,
  },
  {
    version: 7,
    name: "review: moderators' decisions, manual tags, listings, append-only audit log, review version",
    sql: `
      -- Compare-and-set token of an application's review: moves with every change a
      -- moderator decides on (its state, its references), so that of two moderators acting
      -- on the same version only the first wins.
      ALTER TABLE vetting_applications ADD COLUMN review_version INTEGER NOT NULL DEFAULT 0;
      CREATE TRIGGER review_version_on_state AFTER UPDATE OF state ON vetting_applications
        WHEN new.state IS NOT old.state BEGIN
        UPDATE vetting_applications SET review_version = review_version + 1 WHERE id = new.id;
      END;
      CREATE TRIGGER review_version_on_reference_insert AFTER INSERT ON vetting_references BEGIN
        UPDATE vetting_applications SET review_version = review_version + 1 WHERE id = new.application_id;
      END;
      CREATE TRIGGER review_version_on_reference_update AFTER UPDATE ON vetting_references BEGIN
        UPDATE vetting_applications SET review_version = review_version + 1 WHERE id = new.application_id;
      END;

      -- A moderator's decision on a reference (the latest; the audit log keeps each one).
      CREATE TABLE review_reference_decisions (
        reference_id INTEGER PRIMARY KEY REFERENCES vetting_references (id),
        decision     TEXT NOT NULL CHECK (decision IN ('accepted', 'refused')),
        decided_by   TEXT NOT NULL,
        decided_at   TEXT NOT NULL,
        reason       TEXT
      );

      -- Memberships a moderator checked by hand, granted as tags (revoking removes the row;
      -- the audit log keeps both decisions).
      CREATE TABLE review_manual_tags (
        application_id INTEGER NOT NULL REFERENCES vetting_applications (id),
        key            TEXT NOT NULL,
        granted_by     TEXT NOT NULL,
        granted_at     TEXT NOT NULL,
        reason         TEXT NOT NULL,
        decision_id    INTEGER NOT NULL,
        PRIMARY KEY (application_id, key)
      ) WITHOUT ROWID;

      -- The provider record an approved application is listed as.
      CREATE TABLE review_listings (
        application_id INTEGER PRIMARY KEY REFERENCES vetting_applications (id),
        provider_slug  TEXT NOT NULL UNIQUE,
        listed_at      TEXT NOT NULL
      );

      -- Providers imported from the list kept before the online directory, vetted by hand.
      CREATE TABLE provider_hand_vetting (
        provider_slug TEXT PRIMARY KEY,
        decided_at    TEXT NOT NULL,
        decided_by    TEXT NOT NULL
      ) WITHOUT ROWID;

      -- Every moderator decision: who, when, what, why, the state and version before and
      -- after. Appended only: the triggers refuse any change or removal.
      CREATE TABLE review_audit (
        id             INTEGER PRIMARY KEY,
        application_id INTEGER NOT NULL REFERENCES vetting_applications (id),
        at             TEXT NOT NULL,
        actor          TEXT NOT NULL,
        action         TEXT NOT NULL,
        reason         TEXT,
        reference_id   INTEGER,
        tag            TEXT,
        before         TEXT NOT NULL CHECK (json_valid(before)),
        after          TEXT NOT NULL CHECK (json_valid(after))
      );
      CREATE INDEX review_audit_by_application ON review_audit (application_id, id);
      CREATE TRIGGER review_audit_no_update BEFORE UPDATE ON review_audit BEGIN
        SELECT RAISE(ABORT, 'the review audit log is append-only');
      END;
      CREATE TRIGGER review_audit_no_delete BEFORE DELETE ON review_audit BEGIN
        SELECT RAISE(ABORT, 'the review audit log is append-only');
      END;
      CREATE INDEX vetting_applications_by_state ON vetting_applications (state);
    `,
  },
  {
    version: 8,
    name: "referees' personal data: which references are the same referee, when their data was erased",
    sql: `
      -- The same referee for the same association (a questionnaire sent again) is one
      -- referee: referee_group is the id of their first reference (NULL: the reference's
      -- own id). It lets re-sent questionnaires count once after the e-mail is erased.
      ALTER TABLE vetting_references ADD COLUMN referee_group INTEGER;
      -- When the referee's name, e-mail, comment and reason for declining were erased
      -- (referee_email then holds '', the details and answer JSON null).
      ALTER TABLE vetting_references ADD COLUMN personal_data_erased_at TEXT;
      UPDATE vetting_references SET referee_group = (
          SELECT MIN(o.id) FROM vetting_references o
           WHERE o.application_id = vetting_references.application_id
             AND o.referee_email = vetting_references.referee_email
             AND UPPER(json_extract(o.details, '$.association_number'))
               = UPPER(json_extract(vetting_references.details, '$.association_number')))
       WHERE EXISTS (
          SELECT 1 FROM vetting_references o
           WHERE o.application_id = vetting_references.application_id
             AND o.id < vetting_references.id
             AND o.referee_email = vetting_references.referee_email
             AND UPPER(json_extract(o.details, '$.association_number'))
               = UPPER(json_extract(vetting_references.details, '$.association_number')));
      CREATE INDEX vetting_references_not_erased ON vetting_references (application_id)
        WHERE personal_data_erased_at IS NULL;
    `,
  },
];

// The highest version, whatever order branches appended their migrations in.
export const CURRENT_SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));
