// The request form's rules, as plain functions: what the member typed becomes the contract's
// campaign fields (euros → integer cents, a date → the end of that day in the reader's time
// zone) or the list of fields to fix; and the Markdown of the topic's first post.
import type { CampaignFields } from "@emancipasso/directory-service/contract";
import { parseEuros } from "./cofunding-money";

export interface RequestDraft {
  title: string;
  need: string;
  projectName: string;
  forgeUrl: string;
  outcome: string;
  target: string;
  deadline: string;
  minPledge: string;
  /** The slug of the listed provider picked in the directory, or "" for none. */
  provider: string;
  /** Its name, as the picker showed it (kept with the draft). */
  providerName: string;
}

export const EMPTY_DRAFT: RequestDraft = {
  title: "",
  need: "",
  projectName: "",
  forgeUrl: "",
  outcome: "",
  target: "",
  deadline: "",
  minPledge: "",
  provider: "",
  providerName: "",
};

/** A field to fix and the i18n key that says why. */
export interface FieldProblem {
  field: keyof RequestDraft;
  key: string;
}

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/** "2027-03-31" → the last second of that day where the reader is; null if not a date. */
export function endOfDay(date: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    return null;
  }
  const at = new Date(`${date}T23:59:59`);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

export function validateRequest(
  draft: RequestDraft,
  nowMs: number
): { fields: CampaignFields } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const required = (field: keyof RequestDraft) => {
    if (!draft[field].trim()) {
      problems.push({ field, key: "emancipasso.cofunding.form.required" });
    }
  };
  (["title", "need", "projectName", "outcome"] as const).forEach(required);
  if (!isWebUrl(draft.forgeUrl.trim())) {
    problems.push({
      field: "forgeUrl",
      key: "emancipasso.cofunding.form.bad_url",
    });
  }
  const target = parseEuros(draft.target.trim());
  if (target === null || target === 0) {
    problems.push({
      field: "target",
      key: "emancipasso.cofunding.form.bad_amount",
    });
  }
  const minPledge = parseEuros(draft.minPledge.trim());
  if (minPledge === null || minPledge === 0) {
    problems.push({
      field: "minPledge",
      key: "emancipasso.cofunding.form.bad_amount",
    });
  } else if (target !== null && minPledge > target) {
    problems.push({
      field: "minPledge",
      key: "emancipasso.cofunding.form.min_above_target",
    });
  }
  const deadline = endOfDay(draft.deadline);
  if (deadline === null) {
    problems.push({
      field: "deadline",
      key: "emancipasso.cofunding.form.bad_date",
    });
  } else if (Date.parse(deadline) <= nowMs) {
    problems.push({
      field: "deadline",
      key: "emancipasso.cofunding.form.past_date",
    });
  }
  const provider = draft.provider.trim();
  if (
    problems.length > 0 ||
    target === null ||
    minPledge === null ||
    deadline === null
  ) {
    return { problems };
  }
  return {
    fields: {
      title: draft.title.trim(),
      need: draft.need.trim(),
      project: {
        name: draft.projectName.trim(),
        forge_url: draft.forgeUrl.trim(),
      },
      expected_outcome: draft.outcome.trim(),
      target_cents: target,
      deadline_at: deadline,
      min_pledge_cents: minPledge,
      provider_slug: provider || null,
    },
  };
}

/** The first post of the request's topic: the need, the project and the outcome. */
export function topicRaw(
  fields: CampaignFields,
  labels: { project: string; outcome: string }
): string {
  return [
    fields.need,
    `**${labels.project}** : [${fields.project.name}](${fields.project.forge_url})`,
    `**${labels.outcome}** : ${fields.expected_outcome}`,
  ].join("\n\n");
}

const DRAFT_PREFIX = "emancipasso-cofunding-draft-";

/** Kept in the browser when the topic exists but its campaign could not be saved yet. */
export function saveDraft(topicId: number, draft: RequestDraft): void {
  try {
    window.localStorage.setItem(
      `${DRAFT_PREFIX}${topicId}`,
      JSON.stringify(draft)
    );
  } catch {
    // Storage full or refused: the author types the request again.
  }
}

export function loadDraft(topicId: number): RequestDraft {
  try {
    const saved = window.localStorage.getItem(`${DRAFT_PREFIX}${topicId}`);
    return saved
      ? { ...EMPTY_DRAFT, ...(JSON.parse(saved) as Partial<RequestDraft>) }
      : EMPTY_DRAFT;
  } catch {
    return EMPTY_DRAFT;
  }
}

export function forgetDraft(topicId: number): void {
  try {
    window.localStorage.removeItem(`${DRAFT_PREFIX}${topicId}`);
  } catch {
    // Nothing to forget.
  }
}
