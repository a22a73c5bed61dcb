// Vetting answers of the real directory service, recorded by
// scripts/record-vetting-fixtures.ts, served under the forum's proxy path by pretender.
import type {
  ApplicationView,
  ErrorResponse,
  MyStructure,
} from "@emancipasso/directory-service/contract";
import pretender from "discourse/tests/helpers/create-pretender";
import applicationCreated from "../fixtures/vetting-application-created.json";
import applicationDraft from "../fixtures/vetting-application-draft.json";
import applicationSubmitted from "../fixtures/vetting-application-submitted.json";
import errorInvalidApplication from "../fixtures/vetting-error-invalid-application.json";
import errorUnknownDepartment from "../fixtures/vetting-error-unknown-department.json";
import mineDraft from "../fixtures/vetting-mine-draft.json";
import mineInReview from "../fixtures/vetting-mine-in-review.json";
import mineNone from "../fixtures/vetting-mine-none.json";
import mineOneAnswered from "../fixtures/vetting-mine-one-answered.json";
import mineReferencesPending from "../fixtures/vetting-mine-references-pending.json";
import { answer, clone, fixtures } from "./directory-fixtures";

interface Recorded<T> {
  request: { method: string; path: string };
  status: number;
  body: T;
}

const recorded = <T>(fixture: unknown): Recorded<T> => fixture as Recorded<T>;

export const vetting = {
  mineNone: recorded<MyStructure>(mineNone),
  mineDraft: recorded<MyStructure>(mineDraft),
  mineReferencesPending: recorded<MyStructure>(mineReferencesPending),
  mineOneAnswered: recorded<MyStructure>(mineOneAnswered),
  mineInReview: recorded<MyStructure>(mineInReview),
  applicationCreated: recorded<ApplicationView>(applicationCreated),
  applicationDraft: recorded<ApplicationView>(applicationDraft),
  applicationSubmitted: recorded<ApplicationView>(applicationSubmitted),
  errorInvalidApplication: recorded<ErrorResponse>(errorInvalidApplication),
  errorUnknownDepartment: recorded<ErrorResponse>(errorUnknownDepartment),
};

/** The recorded application (a copy) in another state, as a moderator's decision leaves it. */
export function applicationIn(
  state: ApplicationView["state"],
  moderatorReason: string | null = null
): ApplicationView {
  const application = clone(vetting.mineInReview.body.application!);
  application.state = state;
  application.moderator_reason = moderatorReason;
  return application;
}

export interface VettingRequests {
  /** Method and path of each vetting call, in order. */
  calls: string[];
  /** The JSON bodies sent, in order. */
  bodies: unknown[];
}

/** Serves the taxonomies and "my structure"; each write answers what `writes` returns. */
export function pretendVetting(
  mine: MyStructure,
  writes: (method: string, path: string) => [number, unknown] = (method) =>
    method === "POST"
      ? [201, vetting.applicationCreated.body]
      : [200, vetting.applicationDraft.body]
): VettingRequests {
  const seen: VettingRequests = { calls: [], bodies: [] };
  const write = (method: string) => (request: object) => {
    const { url, requestBody } = request as {
      url: string;
      requestBody: string | null;
    };
    const path = url.replace("/directory-api", "");
    seen.calls.push(`${method} ${path}`);
    seen.bodies.push(requestBody ? (JSON.parse(requestBody) as unknown) : null);
    const [status, body] = writes(method, path);
    return answer(status, body);
  };
  pretender.get("/directory-api/v1/taxonomies", () =>
    answer(200, fixtures.taxonomies.body)
  );
  pretender.get("/directory-api/v1/structures/mine", () => {
    seen.calls.push("GET /v1/structures/mine");
    return answer(200, mine);
  });
  pretender.post("/directory-api/v1/applications", write("POST"));
  pretender.put("/directory-api/v1/applications/:id/draft", write("PUT"));
  pretender.post("/directory-api/v1/applications/:id/submit", write("POST"));
  pretender.post("/directory-api/v1/structures/:id/invitations", write("POST"));
  return seen;
}

interface Registry {
  unregister(fullName: string): void;
  register(
    fullName: string,
    value: unknown,
    options: { instantiate: boolean }
  ): void;
}

/**
 * Who the test acts as, the way Discourse's own tests do it: service:current-user replaced
 * by a user, or by null for an anonymous visitor.
 */
export function actAs(
  owner: object,
  user: { id: number; username: string } | null
): void {
  const registry = owner as Registry;
  registry.unregister("service:current-user");
  registry.register("service:current-user", user, { instantiate: false });
}
