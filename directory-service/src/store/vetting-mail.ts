// The mails vetting sends, as handed to the outbox (src/mail/) inside the transaction that
// makes the change: a mail is enqueued if and only if the change is committed.
import type { Db } from "./database.ts";

export type VettingMail =
  | {
      dedupeKey: string;
      to: string;
      template: "reference_invitation" | "reference_reminder";
      locale: "fr" | "en";
      params: {
        referee_name: string;
        provider_name: string;
        association_name: string;
        link: string;
        expires_on: string;
      };
    }
  | {
      dedupeKey: string;
      to: string;
      template: "application_status_changed";
      locale: "fr" | "en";
      params: { provider_name: string; status: string; reason?: string; link: string };
    }
  | {
      dedupeKey: string;
      to: string;
      template: "reference_answered";
      locale: "fr" | "en";
      params: { provider_name: string; association_name: string; link: string };
    };

export type EnqueueMail = (db: Db, mail: VettingMail, now: Date) => void;
