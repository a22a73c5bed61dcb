// Stand-in for `discourse/lib/ajax` (frontend/discourse/app/lib/ajax.js in
// discourse/discourse, which drives jQuery.ajax), on the paths the plugin uses:
// - ajax(url, args) / ajax(url) / ajax({ url, ... }); the URL goes through getURL; GET by
//   default, answered as JSON (dataType "json"), `data` in the query string as $.param does.
// - `ignoreUnsent` defaults to true: a request jQuery reports with readyState 0 (no answer
//   at all: network failure, dropped connection, timeout, abort; jQuery sets readyState
//   to 0 whenever the status is 0) neither resolves nor rejects. In Discourse's test mode
//   the error is thrown instead, "to log pretender errors".
// - It rejects with `{ jqXHR, textStatus, errorThrown }`: jqXHR as jQuery builds it
//   (status, statusText, readyState, responseText, responseJSON only when the body parsed
//   as JSON, getResponseHeader, plus Discourse's jqTextStatus and requestedUrl);
//   textStatus "error" (or "timeout"/"abort"), errorThrown the HTTP status text ("" on a
//   network failure). lib/ajax-error.js's extractError reads exactly these fields.
// - A 200 whose body is not JSON (jQuery's "parsererror") resolves with the jqXHR itself.
// - The `Discourse-Logged-Out` header calls the log-off callback (handleLogoff).
// - Other methods (POST/PUT/PATCH/DELETE): as ajax.js, when no CSRF token is known yet, one
//   round trip to /session/csrf first (updateCsrfToken, Session's csrfToken); jQuery then
//   sends it in X-CSRF-Token (Discourse's ajaxPrefilter). `data` goes in the body: a string
//   as given (with `contentType`), an object form-encoded as $.param does. No default
//   dataType: jQuery reads the answer by its Content-Type (JSON when it says json).
// A test waiter covers the XMLHttpRequest (not the promise, which may never settle), as
// Discourse's pending-request tracking does, so settled() waits for the answer.
import { run } from "@ember/runloop";
import { buildWaiter } from "@ember/test-waiters";
import type {
  ajax as discourseAjax,
  handleLogoff as discourseHandleLogoff,
  setLogoffCallback as discourseSetLogoffCallback,
} from "discourse/lib/ajax";
import { isTesting } from "discourse/lib/environment";
import getURL from "discourse/lib/get-url";

const waiter = buildWaiter("discourse:ajax");

interface AjaxArgs {
  url?: string;
  type?: string;
  method?: string;
  data?: Record<string, unknown> | string;
  dataType?: string;
  contentType?: string;
  headers?: Record<string, string>;
  timeout?: number;
  ignoreUnsent?: boolean;
  returnXHR?: boolean;
}

/** What jQuery hands Discourse's error callback, and Discourse rejects with. */
export interface JqXHR {
  readyState: number;
  status: number;
  statusText: string;
  responseText: string;
  responseJSON?: unknown;
  jqTextStatus?: string;
  requestedUrl?: string;
  getResponseHeader(name: string): string | null;
  getAllResponseHeaders(): string;
}

export interface AjaxRejection {
  jqXHR: JqXHR;
  textStatus: string;
  errorThrown: string;
}

let logoffCallback: (() => void) | null = null;

/** Session.currentProp("csrfToken") in a forum: null until /session/csrf has answered. */
let csrfToken: string | null = null;

/** Harness only: forgets the CSRF token between tests, as a new page would. */
export function resetCsrfToken(): void {
  csrfToken = null;
}

export const setLogoffCallback: typeof discourseSetLogoffCallback = (
  callback: unknown
) => {
  logoffCallback =
    typeof callback === "function" ? (callback as () => void) : null;
};

export const handleLogoff: typeof discourseHandleLogoff = (xhr: unknown) => {
  const jqXHR = xhr as JqXHR | undefined;
  if (jqXHR?.getResponseHeader("Discourse-Logged-Out") && logoffCallback) {
    logoffCallback();
    return true;
  }
  return false;
};

/** jQuery.param for the flat objects the plugin could send (arrays as key[]=value). */
function param(data: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(data)) {
    if (Array.isArray(value)) {
      value.forEach((item) => params.append(`${key}[]`, String(item)));
    } else if (value !== undefined) {
      params.append(key, value === null ? "" : String(value));
    }
  }
  return params.toString();
}

function jqXHRFrom(
  xhr: XMLHttpRequest,
  parsed: { ok: boolean; value?: unknown }
): JqXHR {
  const jqXHR: JqXHR = {
    // jQuery: `jqXHR.readyState = status > 0 ? 4 : 0`
    readyState: xhr.status > 0 ? 4 : 0,
    status: xhr.status,
    statusText: xhr.statusText || "error",
    responseText: typeof xhr.responseText === "string" ? xhr.responseText : "",
    getResponseHeader: (name) =>
      xhr.status > 0 ? xhr.getResponseHeader(name) : null,
    getAllResponseHeaders: () =>
      xhr.status > 0 ? xhr.getAllResponseHeaders() : "",
  };
  if (parsed.ok) {
    jqXHR.responseJSON = parsed.value;
  }
  return jqXHR;
}

function parseJson(text: string): { ok: boolean; value?: unknown } {
  if (!text) {
    return { ok: false };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export const ajax: typeof discourseAjax = (...callArgs: unknown[]) => {
  let url: string;
  let args: AjaxArgs;
  if (callArgs.length === 1 && typeof callArgs[0] !== "string") {
    args = { ...(callArgs[0] as AjaxArgs) };
    url = String(args.url);
    delete args.url;
  } else {
    url = String(callArgs[0]);
    args = { ...((callArgs[1] as AjaxArgs | undefined) ?? {}) };
  }
  url = getURL(url);

  let ignoreUnsent = true;
  if (args.ignoreUnsent !== undefined) {
    ignoreUnsent = args.ignoreUnsent;
    delete args.ignoreUnsent;
  }
  const type = (args.method ?? args.type ?? "GET").toUpperCase();
  if (type !== "GET") {
    const send = () => performAjax(url, type, args, ignoreUnsent);
    if (csrfToken !== null) {
      return send();
    }
    return (ajax("/session/csrf") as Promise<{ csrf: string }>).then(
      (answer) => {
        csrfToken = answer.csrf;
        return send();
      }
    );
  }
  return performAjax(url, type, args, ignoreUnsent);
};

function performAjax(
  url: string,
  type: string,
  args: AjaxArgs,
  ignoreUnsent: boolean
): Promise<unknown> {
  const hasBody = type !== "GET" && args.data !== undefined;
  const dataType = args.dataType ?? (type === "GET" ? "json" : undefined);
  let body: string | null = null;
  if (hasBody) {
    body = typeof args.data === "string" ? args.data : param(args.data ?? {});
  } else if (args.data) {
    const query = typeof args.data === "string" ? args.data : param(args.data);
    if (query) {
      url += (url.includes("?") ? "&" : "?") + query;
    }
  }

  return new Promise((resolve, reject) => {
    const token = waiter.beginAsync();
    const xhr = new XMLHttpRequest();
    xhr.open(type, url);
    xhr.setRequestHeader(
      "Accept",
      dataType === "json"
        ? "application/json, text/javascript, */*; q=0.01"
        : "*/*"
    );
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    if (type !== "GET" && csrfToken !== null) {
      xhr.setRequestHeader("X-CSRF-Token", csrfToken);
    }
    if (hasBody) {
      xhr.setRequestHeader(
        "Content-Type",
        args.contentType ?? "application/x-www-form-urlencoded; charset=UTF-8"
      );
    }
    for (const [name, value] of Object.entries(args.headers ?? {})) {
      xhr.setRequestHeader(name, value);
    }
    if (args.timeout) {
      xhr.timeout = args.timeout;
    }

    const fail = (
      jqXHR: JqXHR,
      textStatus: string,
      errorThrown: string
    ): void => {
      // 0 represents the `UNSENT` state
      if (ignoreUnsent && jqXHR.readyState === 0) {
        if (textStatus === "error" && isTesting()) {
          throw errorThrown;
        }
        return;
      }
      handleLogoff(jqXHR);
      if (jqXHR.status === 200) {
        // A parser error: Discourse does not reject.
        run(null, resolve, jqXHR);
        return;
      }
      jqXHR.jqTextStatus = textStatus;
      jqXHR.requestedUrl = url;
      const rejection: AjaxRejection = { jqXHR, textStatus, errorThrown };
      run(null, reject, rejection);
    };

    let done = false;
    const complete = (
      textStatus: "load" | "error" | "timeout" | "abort"
    ): void => {
      if (done) {
        return;
      }
      done = true;
      waiter.endAsync(token);
      const text = typeof xhr.responseText === "string" ? xhr.responseText : "";
      const readsJson =
        dataType === "json" ||
        (dataType === undefined &&
          /json/.test(xhr.getResponseHeader("Content-Type") ?? ""));
      const parsed = readsJson ? parseJson(text) : { ok: false };
      const jqXHR = jqXHRFrom(xhr, parsed);
      const status = xhr.status;
      if (
        textStatus === "load" &&
        ((status >= 200 && status < 300) || status === 304)
      ) {
        if (readsJson && text && !parsed.ok && status !== 204) {
          fail(jqXHR, "parsererror", "SyntaxError");
          return;
        }
        handleLogoff(jqXHR);
        const data = readsJson ? parsed.value : text;
        run(
          null,
          resolve,
          args.returnXHR ? { result: data, xhr: jqXHR } : data
        );
        return;
      }
      const kind = textStatus === "load" ? "error" : textStatus;
      fail(
        jqXHR,
        kind,
        status > 0 ? (xhr.statusText ?? "") : kind === "error" ? "" : kind
      );
    };
    xhr.onload = () => complete("load");
    xhr.onerror = () => complete("error");
    xhr.ontimeout = () => complete("timeout");
    xhr.onabort = () => complete("abort");
    xhr.send(body);
  });
}
