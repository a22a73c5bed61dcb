// The SMTP transport, from configuration (SMTP_URL, MAIL_FROM).
import nodemailer from "nodemailer";
import type { MailConfig } from "../config.ts";
import type { MailTransport } from "./outbox.ts";

export interface ConfiguredTransport {
  transport: MailTransport & { close(): void };
  from: string;
}

/**
 * A nodemailer SMTP transport for SMTP_URL (smtp://user:pass@host:587 for STARTTLS,
 * smtps://…:465 for TLS from the start; nodemailer's URL options such as ?pool=true apply).
 */
export function createTransportFromConfig(config: MailConfig): ConfiguredTransport {
  // Timeouts well inside the outbox lease (DELIVERY_DEFAULTS.leaseMs), so that a stuck
  // server makes the attempt fail rather than outlive its claim; the URL may override them.
  const transport = nodemailer.createTransport({
    url: config.smtpUrl,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  return { transport, from: config.from };
}
