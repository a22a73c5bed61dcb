// Vetting tags (docs/product.md, "Vetting"): derived from accepted references and from
// moderators' decisions, never typed in. Each says what it rests on, when it was verified
// and when it expires; an expired tag leaves the public card at read time. Pure: the
// labels of the kinds of support, the settings and the clock are handed in.
import type {
  DerivedTag,
  HandVetting,
  ManualTag,
  ManualTagKey,
  VettingTag,
} from "../contract/index.ts";
import { referenceCounts, type CriteriaSettings, type ReviewedReference } from "./criteria.ts";

export interface TagSettings extends CriteriaSettings {
  /** Months a tag stays valid after its verification (default 24). */
  validityMonths: number;
}

export const DEFAULT_TAG_VALIDITY_MONTHS = 24;

/** The three phases that make an "accompagnement complet" (support_kinds keys). */
export const COMPLETE_SUPPORT = ["diagnostic", "deploiement", "formation"] as const;

export const MANUAL_TAG_LABELS: Record<ManualTagKey, string> = {
  "membre-chatons": "Membre du collectif CHATONS",
  "membre-pana": "Point d'appui au numérique associatif (PANA)",
  "certifie-qualiopi": "Certification Qualiopi",
  "formation-emancipasso": "Formé·e par Emancip'Asso",
};

export const HAND_VETTED_TAG = "verifie-avant-annuaire";

/** A moderator's manual vetting before the online directory existed (from an import). */
export type { HandVetting };

const HAND_VETTED_LABEL = "Vérifié avant l'annuaire en ligne";
const HAND_VETTED_EVIDENCE = "Vérifié à la main par l'équipe Emancip'Asso, avant l'annuaire en ligne.";

/** The tag an imported, hand-vetted provider carries until its references are verified again. */
export function handVettedTag(vetting: HandVetting): VettingTag {
  return {
    key: HAND_VETTED_TAG,
    label: HAND_VETTED_LABEL,
    evidence: HAND_VETTED_EVIDENCE,
    verified_at: vetting.decided_at,
    expires_at: null,
  };
}

/** An ISO instant plus whole months (UTC; the 31st becomes the month's last day). */
export function addMonths(isoInstant: string, months: number): string {
  const date = new Date(isoInstant);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, last));
  return date.toISOString();
}

export const isExpired = (tag: { expires_at: string | null }, nowMs: number): boolean =>
  tag.expires_at !== null && Date.parse(tag.expires_at) <= nowMs;

/** The tags a visitor sees at `nowMs`: expired ones are left out. */
export function liveTags<T extends { expires_at: string | null }>(tags: readonly T[], nowMs: number): T[] {
  return tags.filter((tag) => !isExpired(tag, nowMs));
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/**
 * A reference sent again (re-verification) is the same referee for the same association
 * (the same referee_group, which outlives the erasure of their address): it counts once,
 * with its latest decision.
 */
function latestPerReferee(references: readonly ReviewedReference[]): ReviewedReference[] {
  const byReferee = new Map<number, ReviewedReference>();
  for (const ref of references) {
    const kept = byReferee.get(ref.referee_group);
    if (!kept || kept.decision!.at < ref.decision!.at) byReferee.set(ref.referee_group, ref);
  }
  return [...byReferee.values()].sort((a, b) => a.id - b.id);
}

/** Every tag the application has earned, in a stable order. */
export function deriveTags(
  references: readonly ReviewedReference[],
  manualTags: readonly ManualTag[],
  handVetting: HandVetting | null,
  supportLabel: (key: string) => string,
  settings: TagSettings,
  nowMs: number
): DerivedTag[] {
  const tags: DerivedTag[] = [];
  const make = (tag: Omit<DerivedTag, "expires_at" | "expired">, expires = true): DerivedTag => {
    const expires_at = expires ? addMonths(tag.verified_at, settings.validityMonths) : null;
    return { ...tag, expires_at, expired: isExpired({ expires_at }, nowMs) };
  };
  const counted = latestPerReferee(references.filter((reference) => referenceCounts(reference, settings)));
  const latest = (refs: readonly ReviewedReference[]) =>
    refs.map((ref) => ref.decision!.at).sort().at(-1)!;
  const byWhom = (refs: readonly ReviewedReference[]) => [...new Set(refs.map((ref) => ref.decision!.by))].sort();
  if (counted.length > 0) {
    const n = counted.length;
    tags.push(
      make({
        key: "references-verifiees",
        label: `Références vérifiées (${n})`,
        label_key: "references_verified",
        params: { count: n },
        evidence: `${n} ${plural(n, "questionnaire de référence répondu", "questionnaires de référence répondus")}, période du projet confirmée, ${plural(n, "accepté", "acceptés")} par la modération.`,
        basis: { kind: "references", reference_ids: counted.map((r) => r.id), decision_id: null, decided_by: byWhom(counted) },
        verified_at: latest(counted),
      })
    );
  }
  const confirming = new Map<string, ReviewedReference[]>();
  for (const ref of counted)
    for (const kind of ref.answer!.phases) {
      if (!ref.support_kinds.includes(kind)) continue;
      confirming.set(kind, [...(confirming.get(kind) ?? []), ref]);
    }
  if (COMPLETE_SUPPORT.every((kind) => confirming.has(kind))) {
    const refs = [...new Set(COMPLETE_SUPPORT.flatMap((kind) => confirming.get(kind)!))];
    tags.push(
      make({
        key: "accompagnement-complet",
        label: "Accompagnement complet",
        label_key: "complete_support",
        params: {},
        evidence: "Diagnostic, déploiement et formation confirmés par les référent·es.",
        basis: { kind: "references", reference_ids: refs.map((r) => r.id), decision_id: null, decided_by: byWhom(refs) },
        verified_at: latest(refs),
      })
    );
  }
  for (const [kind, refs] of [...confirming].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const n = refs.length;
    tags.push(
      make({
        key: `confirme-${kind}`,
        label: `Confirmé : ${supportLabel(kind)}`,
        label_key: "support_confirmed",
        params: { kind, count: n },
        evidence: `Confirmé par ${n} ${plural(n, "référent·e", "référent·es")}.`,
        basis: { kind: "references", reference_ids: refs.map((r) => r.id), decision_id: null, decided_by: byWhom(refs) },
        verified_at: latest(refs),
      })
    );
  }
  for (const manual of [...manualTags].sort((a, b) => (a.key < b.key ? -1 : 1)))
    tags.push(
      make({
        key: manual.key,
        label: MANUAL_TAG_LABELS[manual.key],
        label_key: "manual",
        params: { key: manual.key },
        evidence: manual.reason,
        basis: { kind: "manual", reference_ids: [], decision_id: manual.decision_id, decided_by: [manual.granted_by] },
        verified_at: manual.granted_at,
      })
    );
  // Vetted by hand before the online directory: shown, without expiry, until references count.
  if (handVetting && counted.length === 0)
    tags.push(
      make(
        {
          key: HAND_VETTED_TAG,
          label: HAND_VETTED_LABEL,
          label_key: "hand_vetted",
          params: { by: handVetting.decided_by },
          evidence: HAND_VETTED_EVIDENCE,
          basis: { kind: "import", reference_ids: [], decision_id: null, decided_by: [handVetting.decided_by] },
          verified_at: handVetting.decided_at,
        },
        false
      )
    );
  return tags;
}

/** The tags as the public card stores them (expired ones stay stored; reads leave them out). */
export function publicTags(tags: readonly DerivedTag[]): VettingTag[] {
  return tags.map((tag) => ({
    key: tag.key,
    label: tag.label,
    evidence: tag.evidence,
    verified_at: tag.verified_at,
    expires_at: tag.expires_at,
  }));
}
