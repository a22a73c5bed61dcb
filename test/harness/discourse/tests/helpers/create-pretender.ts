// Stand-in that mirrors Discourse's `discourse/tests/helpers/create-pretender`
// (frontend/discourse/tests/helpers/create-pretender.js in discourse/discourse): one real
// Pretender intercepting XMLHttpRequest, reset after every test; unhandled requests fail the
// test, as in Discourse.
import type {
  default as discoursePretender,
  response as discourseResponse,
} from "discourse/tests/helpers/create-pretender";
import Pretender from "pretender";

const pretender: typeof discoursePretender = new Pretender();

pretender.unhandledRequest = (verb: string, path: string) => {
  const message = `Unhandled request in test environment: ${path} (${verb})`;
  // eslint-disable-next-line no-console
  console.error(message);
  throw new Error(message);
};

export const response: typeof discourseResponse = (
  code: number,
  obj: unknown
) => [
  code,
  { "Content-Type": "application/json" },
  typeof obj === "string" ? obj : JSON.stringify(obj),
];

/**
 * The handlers Discourse's pretender installs for every test (applyDefaultHandlers there):
 * of those, the plugin reaches only the CSRF token its writes ask for first (lib/ajax.js).
 */
function applyDefaultHandlers(): void {
  pretender.get("/session/csrf", () => [
    200,
    { "Content-Type": "application/json" },
    JSON.stringify({ csrf: "mgk906YLagHo2gOgM1ddYjAN4hQolBdJCqlY6jYzAYs=" }),
  ]);
}
applyDefaultHandlers();

/** Pretender's own bookkeeping, which its published types leave out. */
interface PretenderInternals {
  handlers: unknown[];
  hosts: unknown;
  handledRequests: unknown[];
  unhandledRequests: unknown[];
  passthroughRequests: unknown[];
  forcePassthrough: boolean;
}

export function resetPretender(): void {
  const internals = pretender as unknown as PretenderInternals;
  const Hosts = (Pretender as unknown as { Hosts: new () => unknown }).Hosts;
  internals.handlers = [];
  internals.hosts = new Hosts();
  internals.handledRequests.length = 0;
  internals.unhandledRequests.length = 0;
  internals.passthroughRequests.length = 0;
  internals.forcePassthrough = false;
  applyDefaultHandlers();
}

export default pretender;
