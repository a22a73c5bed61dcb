// Stand-in for `discourse/lib/ajax` (frontend/discourse/app/lib/ajax.js in
// discourse/discourse, which drives jQuery.ajax), on the paths the plugin uses:
// - ajax(url, args) / ajax(url) / ajax({ url, ... }); the URL goes through getURL; GET by
//   default, answered as JSON (dataType "json"), `data` in the query string as $.param does;
//   POST and PUT send `data` as jQuery does (a string with its contentType) with the CSRF
//   header Discourse adds.
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
  headers?: Record<string, string>;
  timeout?: number;
  ignoreUnsent?: boolean;
  contentType?: string;
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

const FORM_TYPE = "application/x-www-form-urlencoded; charset=UTF-8";

let logoffCallback: (() => void) | null = null;

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
  const dataType = args.dataType ?? "json";
  // GET: `data` goes into the query string ($.param). POST/PUT: jQuery sends a string
  // `data` as it is with `contentType` (core sends JSON as data: JSON.stringify(...),
  // contentType: "application/json"), an object form-encoded; Discourse adds the session's
  // CSRF token (X-CSRF-Token, read from the page's csrf-token meta tag at boot).
  let body: string | null = null;
  let contentType: string | null = null;
  if (type === "GET") {
    if (args.data) {
      const query =
        typeof args.data === "string" ? args.data : param(args.data);
      if (query) {
        url += (url.includes("?") ? "&" : "?") + query;
      }
    }
  } else if (type === "POST" || type === "PUT") {
    if (typeof args.data === "string") {
      body = args.data;
      contentType = args.contentType ?? FORM_TYPE;
    } else if (args.data) {
      body = param(args.data);
      contentType = FORM_TYPE;
    }
  } else {
    throw new Error(
      `ajax stand-in: ${type} is not mirrored (GET, POST, PUT only)`
    );
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
    if (type !== "GET") {
      const csrf = document.querySelector<HTMLMetaElement>(
        'meta[name="csrf-token"]'
      )?.content;
      if (csrf) {
        xhr.setRequestHeader("X-CSRF-Token", csrf);
      }
    }
    if (contentType) {
      xhr.setRequestHeader("Content-Type", contentType);
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
      const body = typeof xhr.responseText === "string" ? xhr.responseText : "";
      const parsed = dataType === "json" ? parseJson(body) : { ok: false };
      const jqXHR = jqXHRFrom(xhr, parsed);
      const status = xhr.status;
      if (
        textStatus === "load" &&
        ((status >= 200 && status < 300) || status === 304)
      ) {
        if (dataType === "json" && body && !parsed.ok && status !== 204) {
          fail(jqXHR, "parsererror", "SyntaxError");
          return;
        }
        handleLogoff(jqXHR);
        const data = dataType === "json" ? parsed.value : body;
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
};
