// The review's tests: applications brought to review through the real questionnaire
// (links read from the outbox, forms posted over signed HTTP), and moderators' actions.
import { ApplicationReview, type ActingUser } from "../../src/contract/index.ts";
import type { TestService } from "./service.ts";
import { OWNER, createApplication, fullDraft, reference, structure, submitApplication } from "./vetting.ts";

export const COFUNDING_MODERATOR: ActingUser = {
  id: 30,
  username: "cofi",
  locale: "fr",
  trust_level: 3,
  admin: false,
  moderator: false,
  directory_moderator: false,
  cofunding_moderator: true,
};
export const SECOND_MODERATOR: ActingUser = { ...COFUNDING_MODERATOR, id: 31, username: "modo2", cofunding_moderator: false, directory_moderator: true };

/** The newest questionnaire link mailed to this referee (token from the outbox's link). */
export function tokenFor(service: TestService, email: string): string {
  const rows = service.db
    .prepare("SELECT params FROM outbox WHERE to_address = ? AND template IN ('reference_invitation', 'reference_reminder') ORDER BY id DESC")
    .pluck()
    .all(email) as string[];
  if (rows.length === 0) throw new Error(`no questionnaire mailed to ${email}`);
  const link = (JSON.parse(rows[0]!) as { link: string }).link;
  return link.slice(link.lastIndexOf("/") + 1);
}

export type AnswerFields = [string, string][];

export const confirmingAnswer = (phases: string[] = ["diagnostic", "migration"], period = ["2025-01", "2025-06"]): AnswerFields => [
  ["project_happened", "yes"],
  ["period_start", period[0]!],
  ["period_end", period[1]!],
  ...phases.map((phase): [string, string] => ["phases", phase]),
  ["satisfaction", "5"],
  ["would_recommend", "yes"],
  ["comment", "Très bon accompagnement."],
  ["consent_retention", "yes"],
];

/** The referee answers through the questionnaire page, as in a browser. */
export async function answer(service: TestService, email: string, fields: AnswerFields): Promise<void> {
  const token = tokenFor(service, email);
  const page = await (await service.request(`/v1/references/${token}`)).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!csrf) throw new Error(`no form for ${email}: ${page.slice(0, 200)}`);
  const response = await service.request(`/v1/references/${token}`, {
    method: "POST",
    contentType: "application/x-www-form-urlencoded",
    body: new URLSearchParams([["csrf", csrf], ...fields]).toString(),
  });
  if (response.status !== 200) throw new Error(`answer refused: ${response.status} ${(await response.text()).slice(0, 300)}`);
}

export async function decline(service: TestService, email: string): Promise<void> {
  const token = tokenFor(service, email);
  const page = await (await service.request(`/v1/references/${token}`)).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
  const response = await service.request(`/v1/references/${token}/decline`, {
    method: "POST",
    contentType: "application/x-www-form-urlencoded",
    body: new URLSearchParams([["csrf", csrf], ["reason", "Je ne connais pas ce prestataire."]]).toString(),
  });
  if (response.status !== 200) throw new Error(`decline refused: ${response.status}`);
}

/** Submitted, then each referee answers ten minutes later: the application is in review. */
export async function applicationInReview(
  service: TestService,
  answers: AnswerFields[] = [confirmingAnswer(), confirmingAnswer()],
  draft: ReturnType<typeof fullDraft> = fullDraft(),
  user: ActingUser = OWNER
): Promise<number> {
  const created = await createApplication(service, user, draft);
  const submitted = await submitApplication(service, created.id, user);
  if (submitted.status !== 200) throw new Error(`submit failed: ${JSON.stringify(submitted.body)}`);
  service.clock.now += 10 * 60 * 1000;
  for (const [index, fields] of answers.entries()) await answer(service, draft.references[index]!.referee_email, fields);
  return created.id;
}

export async function getReview(service: TestService, id: number, user: ActingUser) {
  const { status, body } = await service.json<unknown>(`/v1/review/applications/${id}`, { user });
  if (status !== 200) throw new Error(`review read failed: ${status} ${JSON.stringify(body)}`);
  return ApplicationReview.parse(body);
}

export function act(service: TestService, id: number, user: ActingUser, action: Record<string, unknown>) {
  return service.json<unknown>(`/v1/review/applications/${id}/actions`, {
    method: "POST",
    user,
    contentType: "application/json",
    body: JSON.stringify(action),
  });
}

/** Acts on the current version; throws unless the action succeeds. */
export async function actNow(service: TestService, id: number, user: ActingUser, action: Record<string, unknown>) {
  const { version } = await getReview(service, id, user);
  const { status, body } = await act(service, id, user, { ...action, version });
  if (status !== 200) throw new Error(`${String(action.action)} refused: ${status} ${JSON.stringify(body)}`);
  return ApplicationReview.parse(body);
}

/** Accepts every answered reference that confirms the project. */
export async function acceptAll(service: TestService, id: number, user: ActingUser) {
  const review = await getReview(service, id, user);
  for (const ref of review.references)
    if (ref.state === "answered" && ref.criteria.find((c) => c.code === "project_confirmed")?.status === "met")
      await actNow(service, id, user, { action: "accept_reference", reference_id: ref.id });
  return getReview(service, id, user);
}

/**
 * A provider listed through the real path, with its team: `owner` applies with a structure
 * of this name, invites each teammate (who accepts), the referees answer, a moderator
 * accepts the references and approves. Answers the listed provider's slug.
 */
export async function listedProviderWithTeam(
  service: TestService,
  moderator: ActingUser,
  owner: ActingUser,
  name: string,
  teammates: readonly ActingUser[] = []
): Promise<string> {
  const mark = owner.id;
  const draft = {
    structure: structure({ name }),
    references: [1, 2].map((n) =>
      reference(n, { referee_email: `referente${n}.${mark}@asso${n}-${mark}.example.net` })
    ),
  };
  const id = await applicationInReview(service, undefined, draft, owner);
  for (const teammate of teammates) {
    const invited = await service.json(`/v1/structures/${id}/invitations`, {
      method: "POST",
      user: owner,
      contentType: "application/json",
      body: JSON.stringify({ username: teammate.username }),
    });
    if (invited.status !== 201) throw new Error(`invitation refused: ${invited.status} ${JSON.stringify(invited.body)}`);
    const accepted = await service.json(`/v1/structures/${id}/invitations/accept`, { method: "POST", user: teammate });
    if (accepted.status !== 200) throw new Error(`joining refused: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  }
  await acceptAll(service, id, moderator);
  const approved = await actNow(service, id, moderator, { action: "approve" });
  const slug = approved.listing?.slug;
  if (!slug || approved.listing?.status !== "listed") throw new Error(`not listed: ${JSON.stringify(approved.listing)}`);
  return slug;
}
