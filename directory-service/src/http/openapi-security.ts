// How an operation of the OpenAPI document is secured (docs/architecture.md, "Signed
// requests"): the signature is four headers, each an apiKey scheme, named together in a
// requirement. Shared by the vetting and review parts of the document.

const signedHeaders = (): Record<string, string[]> => ({
  directorySignature: [],
  directoryTimestamp: [],
  directoryNonce: [],
});

/** Signed; the acting user optional (anonymous visitors, referees with a link). */
export const signed = { security: [signedHeaders(), { ...signedHeaders(), directoryUser: [] }] };

/** Signed, for a signed-in user only. */
export const signedAsUser = { security: [{ ...signedHeaders(), directoryUser: [] }] };
