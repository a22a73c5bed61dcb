// Applications of structures to the directory (docs/product.md, "Providers", "Vetting"):
// the draft kept by the service at every step, submission, and reading.
import { Router } from "express";
import {
  ApplicationDraft,
  ReferenceInput,
  type ApplicationList,
  type ApplicationView,
} from "../../contract/index.ts";
import { isVettingReviewer, listPermission } from "../../domain/vetting-permissions.ts";
import {
  referenceRuleErrors,
  structureRuleErrors,
  submissionErrors,
  yearMonthOf,
  type Detail,
} from "../../domain/vetting-rules.ts";
import type { TaxonomyCatalog } from "../../store/taxonomies.ts";
import { WrongStateError, type VettingStore } from "../../store/vetting.ts";
import { applicationTransition } from "../../domain/vetting-states.ts";
import { actingUser } from "../auth.ts";
import { ApiError } from "../errors.ts";
import { NoQuery, parseQuery } from "./providers.ts";
import {
  asApiError,
  permittedApplication,
  readJson,
  refusing,
  requireUser,
} from "./vetting-support.ts";

export interface VettingContext {
  store: VettingStore;
  catalog: () => TaxonomyCatalog;
  now: () => number;
}

/** Rule problems of a draft (each present field must already be right). */
export function draftErrors(draft: ApplicationDraft, context: VettingContext): Detail[] {
  const { known, geography } = context.catalog();
  const month = yearMonthOf(context.now());
  return [
    ...structureRuleErrors(draft.structure, known, geography.regionOf),
    ...draft.references.flatMap((reference, index) =>
      referenceRuleErrors(reference, `references.${index}.`, month, known.support_kinds)
    ),
  ];
}

export function applicationView(context: VettingContext, id: number, withAnswers: boolean): ApplicationView {
  context.store.catchUp(id, context.now());
  const stored = context.store.get(id)!;
  const problems = draftErrors({ structure: stored.structure, references: stored.references }, context);
  return context.store.view(id, { withAnswers, draftErrors: problems });
}

function checkDraft(draft: ApplicationDraft, context: VettingContext): void {
  const problems = draftErrors(draft, context);
  if (problems.length > 0)
    throw new ApiError(422, "invalid_application", "some fields are not valid", problems);
}

export function applicationsRouter(context: VettingContext): Router {
  const { store, now } = context;
  const router = Router();

  router.post("/applications", (req, res) => {
    parseQuery(NoQuery, req.query);
    const user = requireUser(res);
    const draft = readJson(req, res, ApplicationDraft);
    checkDraft(draft, context);
    const id = refusing(() => store.create(user, draft, now()));
    res.status(201).json(applicationView(context, id, false));
  });

  router.get("/applications", (req, res) => {
    parseQuery(NoQuery, req.query);
    const permission = listPermission(actingUser(res));
    if (permission === "sign_in") throw new ApiError(401, "authentication_required", "sign in first");
    if (permission !== "allowed")
      throw new ApiError(403, "forbidden", "only moderators read every application");
    const body: ApplicationList = {
      items: store.allIds().map((id) => applicationView(context, id, true)),
    };
    res.json(body);
  });

  router.get("/applications/:id", (req, res) => {
    parseQuery(NoQuery, req.query);
    const { user, application } = permittedApplication(store, res, req.params.id, "read");
    const reviewer = isVettingReviewer(user) && !application.teamUserIds.includes(user.id);
    res.json(applicationView(context, application.id, reviewer));
  });

  router.put("/applications/:id/draft", (req, res) => {
    parseQuery(NoQuery, req.query);
    const { application } = permittedApplication(store, res, req.params.id, "edit");
    const draft = readJson(req, res, ApplicationDraft);
    checkDraft(draft, context);
    refusing(() => store.saveDraft(application.id, draft, now()));
    res.json(applicationView(context, application.id, false));
  });

  router.post("/applications/:id/submit", (req, res) => {
    parseQuery(NoQuery, req.query);
    const { user, application } = permittedApplication(store, res, req.params.id, "edit");
    if ((res.locals.rawBody as Buffer).length > 0)
      throw new ApiError(400, "bad_request", "this action takes no body");
    const { known, geography } = context.catalog();
    const problems = submissionErrors(
      application.structure,
      application.references,
      yearMonthOf(now()),
      known,
      geography.regionOf
    );
    // The state is checked first: submitting twice is a conflict, not a form problem.
    const fits = applicationTransition(application.state, "submit");
    if (!fits.ok) throw asApiError(new WrongStateError(fits.refusal));
    if (problems.length > 0)
      throw new ApiError(422, "invalid_application", "the application cannot be submitted yet", problems);
    const references = application.references.map((reference) => ReferenceInput.parse(reference));
    refusing(() => store.submit(application.id, user, references, now()));
    res.json(applicationView(context, application.id, false));
  });

  return router;
}
