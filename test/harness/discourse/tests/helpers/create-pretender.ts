// Stand-in for `discourse/tests/helpers/create-pretender` (frontend/discourse/tests/helpers/
// create-pretender.js in discourse/discourse): one real Pretender intercepting
// XMLHttpRequest, reset after every test; unhandled requests fail the test, as in Discourse.
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

export const response: typeof discourseResponse = (code: number, obj: unknown) => [
  code,
  { "Content-Type": "application/json" },
  typeof obj === "string" ? obj : JSON.stringify(obj),
];

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
}

export default pretender;
