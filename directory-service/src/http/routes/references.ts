// The referee's questionnaire (docs/product.md, "Referees"): plain server-side HTML that
// works without JavaScript, reached only through the single-use link mailed to the referee.
// The forum's relay forwards /annuaire/reference/<rest> to /v1/references/<rest> (same
// query string), so every link in these pages is relative to the page's own address.
//
// Security: strict headers (helmet; CSP without any script, the one stylesheet allowed by
// its hash), no-store, no referrer (the address holds the token); a per-form token bound to
// the link and expiring; rate limits per link and per client address. The client address is
// the last entry of X-Forwarded-For, which the forum's relay sets to the browser's address
// (request.remote_ip); the header is only trusted on signed requests, which only the relay
// can make.
import { isIP } from "node:net";
import { Router, type Request, type Response } from "express";
import { rateLimit, ipKeyGenerator } from "express-rate-limit";
import helmet from "helmet";
import { z } from "zod";
import {
  DeclineForm,
  QuestionnaireForm,
  type OrganisationConfirmation,
  type ReferenceInput,
  type StructureDraft,
} from "../../contract/index.ts";
import { normaliseAssociationNumber } from "../../domain/association-number.ts";
import { siretMatchesSiren } from "../../domain/siret.ts";
import type { ProConnect } from "../../proconnect/client.ts";
import {
  checkCsrfToken,
  csrfKeyFrom,
  hashReferenceToken,
  issueCsrfToken,
  REFERENCE_TOKEN_PATTERN,
} from "../../domain/reference-token.ts";
import { answerFromForm, yearMonthOf, type Detail } from "../../domain/vetting-rules.ts";
import { effectiveReferenceState, isOpenReference } from "../../domain/vetting-states.ts";
import { WrongStateError, type ReferenceRow } from "../../store/vetting.ts";
import {
  messagePage,
  proconnectRedirectPage,
  questionnairePage,
  STYLE_HASH,
} from "../questionnaire-page.ts";
import type { PageLocale, QuestionnaireKey } from "../questionnaire-strings.ts";
import type { VettingContext } from "./applications.ts";

export interface QuestionnaireOptions {
  /** The service's shared secret: the form tokens' key is derived from it. */
  secret: string;
  forumBaseUrl: string;
  /** The ProConnect client (src/proconnect/), null when ProConnect is not configured. */
  proconnect: ProConnect | null;
  /** The callback address registered with ProConnect; by default the forum's
   * /annuaire/reference/proconnect/callback (relayed to /v1/references/proconnect/callback). */
  proconnectRedirectUri?: string;
  /** How long a form stays valid once shown (default 2 hours). */
  formLifetimeSeconds?: number;
  /** Requests allowed per window, per link and per client address. */
  rateLimit?: { windowMs: number; perToken: number; perAddress: number };
}

export const DEFAULT_QUESTIONNAIRE_RATE_LIMIT = { windowMs: 15 * 60 * 1000, perToken: 60, perAddress: 300 };
/** A ProConnect login must come back within this delay. */
const PROCONNECT_LOGIN_MS = 15 * 60 * 1000;

const PageQuery = z.strictObject({ lang: z.enum(["fr", "en"]).optional() });

class PageError extends Error {
  constructor(
    readonly status: number,
    readonly html: string
  ) {
    super(`page ${status}`);
  }
}

/** The client's address: the last X-Forwarded-For entry (set by the relay), else the socket's. */
export function clientAddress(req: Request): string {
  const forwarded = req.headers["x-forwarded-for"];
  const last = (Array.isArray(forwarded) ? forwarded.join(",") : (forwarded ?? ""))
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .at(-1);
  if (last !== undefined && isIP(last) !== 0) return last;
  return req.socket.remoteAddress ?? "unknown";
}

function localeOf(req: Request): PageLocale {
  const lang = req.query.lang;
  return lang === "en" ? "en" : "fr";
}

/** Form fields as posted: "phases" may repeat; any other repeated name is refused by the schema. */
function readForm(req: Request, res: Response, locale: PageLocale): Record<string, string | string[]> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded")
    throw new PageError(415, messagePage(locale, "bad_request_title", "bad_request_text", {}, undefined, false));
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(res.locals.rawBody as Buffer);
  } catch {
    throw new PageError(400, messagePage(locale, "bad_request_title", "bad_request_text", {}, undefined, false));
  }
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const previous = fields[name];
    if (name === "phases") fields[name] = [...(Array.isArray(previous) ? previous : []), value];
    else fields[name] = previous === undefined ? value : [...[previous].flat(), value];
  }
  return fields;
}

/** The message of a schema problem: absent → required; a malformed month → its format. */
function issueMessage(field: string, code: string, fields: Record<string, unknown>): QuestionnaireKey {
  if (fields[field] === undefined) return "error_required";
  if (code === "too_big") return "error_too_long";
  if (field === "period_start" || field === "period_end") return "error_month";
  return "error_invalid";
}
const RULE_MESSAGES: Record<string, QuestionnaireKey> = {
  required: "error_required",
  month_in_future: "error_month_in_future",
  period_reversed: "error_period_reversed",
  phase_not_claimed: "error_phase_not_claimed",
};

export function referencesRouter(context: VettingContext, options: QuestionnaireOptions): Router {
  const { store, now } = context;
  const csrfKey = csrfKeyFrom(options.secret);
  const formLifetime = options.formLifetimeSeconds ?? 2 * 60 * 60;
  const limits = options.rateLimit ?? DEFAULT_QUESTIONNAIRE_RATE_LIMIT;
  const forum = options.forumBaseUrl.replace(/\/+$/, "");
  const callbackUri = options.proconnectRedirectUri ?? `${forum}/annuaire/reference/proconnect/callback`;
  const router = Router();

  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'none'"],
        "style-src": [`'${STYLE_HASH}'`],
        "img-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
      },
    },
    referrerPolicy: { policy: "no-referrer" },
    crossOriginResourcePolicy: { policy: "same-origin" },
  });
  const tooMany = (req: Request, res: Response) => {
    const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
    const seconds = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : 60;
    res
      .status(429)
      .set("Retry-After", String(seconds))
      .type("html")
      .send(messagePage(localeOf(req), "rate_limited_title", "rate_limited_text", {}, undefined, false));
  };
  const perAddress = rateLimit({
    windowMs: limits.windowMs,
    limit: limits.perAddress,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    keyGenerator: (req) => ipKeyGenerator(clientAddress(req)),
    handler: tooMany,
    validate: { xForwardedForHeader: false, trustProxy: false },
  });
  const perToken = rateLimit({
    windowMs: limits.windowMs,
    limit: limits.perToken,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    keyGenerator: (req) => hashReferenceToken(String(req.params.token)),
    handler: tooMany,
    validate: { xForwardedForHeader: false, trustProxy: false, keyGeneratorIpFallback: false },
  });

  router.use("/references", headers, (_req, res, next) => {
    res.set("Cache-Control", "no-store");
    next();
  }, perAddress);

  const send = (res: Response, status: number, html: string) => res.status(status).type("html").send(html);

  /** Runs a page handler; PageError and refused transitions become their pages. */
  const page =
    (handler: (req: Request, res: Response) => void | Promise<void>) =>
    async (req: Request, res: Response) => {
      try {
        await handler(req, res);
      } catch (error) {
        if (error instanceof PageError) send(res, error.status, error.html);
        else if (error instanceof WrongStateError)
          send(res, 410, messagePage(localeOf(req), "gone_title", goneText(error.refusal.state), {}, undefined, false));
        else throw error;
      }
    };

  const goneText = (state: string): QuestionnaireKey =>
    state === "answered" ? "gone_answered" : state === "declined" ? "gone_declined" : "gone_expired";

  /** The open reference this link opens, or the page saying why not (404 unknown, 410 closed). */
  function openReference(req: Request, locale: PageLocale, allowSwitch: boolean) {
    const query = PageQuery.safeParse(req.query);
    if (!query.success)
      throw new PageError(400, messagePage(locale, "bad_request_title", "bad_request_text", {}, undefined, false));
    const token = String(req.params.token);
    const notFound = () =>
      new PageError(404, messagePage(locale, "not_found_title", "not_found_text", {}, undefined, allowSwitch));
    if (!REFERENCE_TOKEN_PATTERN.test(token)) throw notFound();
    const tokenHash = hashReferenceToken(token);
    const found = store.referenceByTokenHash(tokenHash);
    if (!found) throw notFound();
    store.catchUp(found.application_id, now());
    const ref = store.referenceById(found.id)!;
    const state = effectiveReferenceState(ref.state, Date.parse(ref.expires_at), now());
    if (!isOpenReference(state))
      throw new PageError(410, messagePage(locale, "gone_title", goneText(state), {}, undefined, allowSwitch));
    return { token, tokenHash, ref };
  }

  function render(
    locale: PageLocale,
    token: string,
    tokenHash: string,
    ref: ReferenceRow,
    values: Record<string, string | string[]>,
    errors: Map<string, QuestionnaireKey>
  ): string {
    const details = JSON.parse(ref.details) as ReferenceInput;
    const structure = store.get(ref.application_id)!.structure as StructureDraft;
    const catalog = context.catalog();
    const organisation = ref.organisation_confirmation
      ? (JSON.parse(ref.organisation_confirmation) as OrganisationConfirmation)
      : null;
    return questionnairePage({
      locale,
      token,
      providerName: structure.name ?? "",
      associationName: details.association_name,
      associationNumber: normaliseAssociationNumber(details.association_number),
      period: details.period,
      projectSummary: details.project_summary,
      kinds: details.support_kinds.map((key) => ({
        key,
        label: catalog.label("support_kinds", key, locale) ?? key,
      })),
      expiresAt: ref.expires_at,
      csrf: issueCsrfToken(csrfKey, tokenHash, now(), formLifetime),
      values,
      errors,
      organisation:
        organisation && organisation.status !== "not_comparable"
          ? { status: organisation.status, siret: organisation.siret }
          : null,
      proconnect: options.proconnect !== null,
    });
  }

  /** The form's anti-forgery token: a missing, foreign or expired one gets a page to reload. */
  function checkCsrf(fields: Record<string, string | string[]>, tokenHash: string, locale: PageLocale, back: string) {
    const value = fields.csrf;
    const check =
      typeof value === "string" ? checkCsrfToken(csrfKey, tokenHash, value, now()) : "invalid";
    if (check !== "valid")
      throw new PageError(
        403,
        messagePage(locale, "csrf_title", "csrf_text", {}, { href: back, key: "reload" }, false)
      );
  }

  // The ProConnect callback has one fixed address (ProConnect only returns to registered
  // addresses): the login under way is found by its OpenID state.
  router.get(
    "/references/proconnect/callback",
    page(async (req, res) => {
      const locale = localeOf(req);
      const failed = (status: number) =>
        new PageError(status, messagePage(locale, "proconnect_done_title", "proconnect_failed", {}, undefined, false));
      if (options.proconnect === null)
        throw new PageError(503, messagePage(locale, "proconnect_done_title", "proconnect_unavailable", {}, undefined, false));
      const state = typeof req.query.state === "string" ? req.query.state : "";
      const login = state === "" ? undefined : store.takeProConnectLogin(state, now() - PROCONNECT_LOGIN_MS);
      if (!login) throw failed(400);
      const query = req.originalUrl.includes("?") ? req.originalUrl.slice(req.originalUrl.indexOf("?")) : "";
      let identity: { siret: string; organisation_name?: string };
      try {
        identity = await options.proconnect.finishLogin({ callbackUrl: query, pending: login.pending });
      } catch {
        throw failed(502);
      }
      const ref = store.referenceById(login.referenceId)!;
      const declared = normaliseAssociationNumber((JSON.parse(ref.details) as ReferenceInput).association_number);
      const confirmation: OrganisationConfirmation = {
        status: /^\d{9}$/.test(declared)
          ? siretMatchesSiren(identity.siret, declared)
            ? "confirmed"
            : "mismatch"
          : "not_comparable",
        siret: identity.siret,
        organisation_name: identity.organisation_name ?? null,
        at: new Date(now()).toISOString(),
      };
      store.confirmOrganisation(ref.id, confirmation, now());
      const textKey: QuestionnaireKey =
        confirmation.status === "confirmed"
          ? "proconnect_confirmed"
          : confirmation.status === "mismatch"
            ? "proconnect_mismatch"
            : "proconnect_not_comparable";
      send(
        res,
        200,
        messagePage(locale, "proconnect_done_title", textKey, { siret: identity.siret }, undefined, false, [
          "proconnect_done_close",
        ])
      );
    })
  );

  router.get(
    "/references/:token",
    perToken,
    page((req, res) => {
      const locale = localeOf(req);
      const { token, tokenHash, ref } = openReference(req, locale, true);
      send(res, 200, render(locale, token, tokenHash, ref, {}, new Map()));
    })
  );

  router.post(
    "/references/:token",
    perToken,
    page((req, res) => {
      const locale = localeOf(req);
      const { token, tokenHash, ref } = openReference(req, locale, false);
      const fields = readForm(req, res, locale);
      checkCsrf(fields, tokenHash, locale, `${token}?lang=${locale}`);
      const details = JSON.parse(ref.details) as ReferenceInput;
      const errors = new Map<string, QuestionnaireKey>();
      const parsed = QuestionnaireForm.safeParse(fields);
      let rules: Detail[] = [];
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          if (issue.code === "unrecognized_keys")
            throw new PageError(400, messagePage(locale, "bad_request_title", "bad_request_text", {}, undefined, false));
          const field = String(issue.path[0] ?? "");
          if (!errors.has(field)) errors.set(field, issueMessage(field, issue.code, fields));
        }
      } else {
        const result = answerFromForm(parsed.data, details.support_kinds, yearMonthOf(now()));
        if (result.ok) {
          store.answer(ref.id, result.answer, now());
          const structure = store.get(ref.application_id)!.structure;
          send(res, 200, messagePage(locale, "thanks_title", "thanks_text", { provider: structure.name ?? "" }, undefined, false));
          return;
        }
        rules = result.errors;
      }
      for (const rule of rules)
        if (!errors.has(rule.field)) errors.set(rule.field, RULE_MESSAGES[rule.code] ?? "error_invalid");
      send(res, 422, render(locale, token, tokenHash, ref, fields, errors));
    })
  );

  router.post(
    "/references/:token/decline",
    perToken,
    page((req, res) => {
      const locale = localeOf(req);
      const { tokenHash, ref, token } = openReference(req, locale, false);
      const fields = readForm(req, res, locale);
      checkCsrf(fields, tokenHash, locale, `../${token}?lang=${locale}`);
      const parsed = DeclineForm.safeParse(fields);
      if (!parsed.success)
        throw new PageError(422, messagePage(locale, "bad_request_title", "error_too_long", {}, { href: `../${token}?lang=${locale}`, key: "reload" }, false));
      store.decline(ref.id, parsed.data.reason.trim(), now());
      send(res, 200, messagePage(locale, "declined_title", "declined_text", {}, undefined, false));
    })
  );

  // A link (not a form): opening ProConnect in a new window keeps the questionnaire open.
  // The login under way is kept server side; its state brings the callback back to it.
  router.get(
    "/references/:token/proconnect",
    perToken,
    page(async (req, res) => {
      const locale = localeOf(req);
      if (options.proconnect === null)
        throw new PageError(503, messagePage(locale, "proconnect_done_title", "proconnect_unavailable", {}, undefined, false));
      const { ref } = openReference(req, locale, false);
      let login: Awaited<ReturnType<ProConnect["beginLogin"]>>;
      try {
        login = await options.proconnect.beginLogin({ redirectUri: callbackUri });
      } catch {
        throw new PageError(502, messagePage(locale, "proconnect_done_title", "proconnect_failed", {}, undefined, false));
      }
      store.saveProConnectLogin(ref.id, login.pending, now());
      // A page rather than a redirect: nothing for the relay to pass on but the body.
      send(res, 200, proconnectRedirectPage(locale, login.url));
    })
  );

  return router;
}
