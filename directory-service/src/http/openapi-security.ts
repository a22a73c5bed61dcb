// How each operation of /openapi.json is secured, shared by every part of the document.

// The signature is four headers (docs/architecture.md, "Signed requests"): each is an
// apiKey scheme and a requirement names them together (all must be sent). The acting user
// is optional on public routes (anonymous visitors) and required on admin ones.
const signedHeaders = (): Record<string, string[]> => ({
  directorySignature: [],
  directoryTimestamp: [],
  directoryNonce: [],
});
export const signed = {
  security: [signedHeaders(), { ...signedHeaders(), directoryUser: [] }],
};
export const signedAsUser = {
  security: [{ ...signedHeaders(), directoryUser: [] }],
};
export const unsigned = { security: [] };

export const SECURITY_SCHEMES = {
  directorySignature: {
    type: "apiKey",
    in: "header",
    name: "X-Directory-Signature",
    description:
      "v1= + hex HMAC-SHA256 with the shared secret of: method (upper case), path with query as sent, X-Directory-Timestamp, X-Directory-Nonce, hex SHA-256 of the body bytes, X-Directory-User (empty when absent), joined by \\n.",
  },
  directoryTimestamp: {
    type: "apiKey",
    in: "header",
    name: "X-Directory-Timestamp",
    description:
      "Unix seconds; refused when more than 300 s from the service clock.",
  },
  directoryNonce: {
    type: "apiKey",
    in: "header",
    name: "X-Directory-Nonce",
    description:
      "At least 16 random bytes in base64url, used once: a nonce already accepted is refused until its timestamp has left the window, across restarts.",
  },
  directoryUser: {
    type: "apiKey",
    in: "header",
    name: "X-Directory-User",
    description:
      "base64url of the acting user as JSON (who, and what the forum lets them do); absent for anonymous visitors. Covered by the signature.",
  },
} as const;
