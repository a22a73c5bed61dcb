// Labels of the contract's co-funding values, each a literal key (check-locales reads them).
import type {
  CampaignStatus,
  InKindHelp,
  RequestedStatus,
} from "@emancipasso/directory-service/contract";
import { i18n } from "discourse-i18n";

const STATUS_KEYS: Record<CampaignStatus, string> = {
  draft: "emancipasso.cofunding.status.draft",
  open: "emancipasso.cofunding.status.open",
  funded: "emancipasso.cofunding.status.funded",
  in_progress: "emancipasso.cofunding.status.in_progress",
  delivered: "emancipasso.cofunding.status.delivered",
  closed: "emancipasso.cofunding.status.closed",
  expired: "emancipasso.cofunding.status.expired",
  cancelled: "emancipasso.cofunding.status.cancelled",
};

const ACTION_KEYS: Record<RequestedStatus, string> = {
  open: "emancipasso.cofunding.actions.to.open",
  in_progress: "emancipasso.cofunding.actions.to.in_progress",
  delivered: "emancipasso.cofunding.actions.to.delivered",
  closed: "emancipasso.cofunding.actions.to.closed",
  cancelled: "emancipasso.cofunding.actions.to.cancelled",
};

const IN_KIND_KEYS: Record<InKindHelp, string> = {
  testing: "emancipasso.cofunding.in_kind.testing",
  translation: "emancipasso.cofunding.in_kind.translation",
  hosting: "emancipasso.cofunding.in_kind.hosting",
  documentation: "emancipasso.cofunding.in_kind.documentation",
};

export const IN_KIND_VALUES = Object.keys(IN_KIND_KEYS) as InKindHelp[];

export function statusLabel(status: CampaignStatus): string {
  return i18n(STATUS_KEYS[status]);
}

export function actionLabel(status: RequestedStatus): string {
  return i18n(ACTION_KEYS[status]);
}

export function inKindLabel(help: InKindHelp): string {
  return i18n(IN_KIND_KEYS[help]);
}
