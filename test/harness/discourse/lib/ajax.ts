// Stand-in for `discourse/lib/ajax`: a GET/POST over XMLHttpRequest (which the tests'
// pretender answers), resolving to the parsed JSON body and rejecting, like Discourse, with
// `{ jqXHR, textStatus, errorThrown }` where jqXHR carries `status` and `responseJSON`.
// A test waiter lets @ember/test-helpers' settled() wait for it.
// Bodies as jQuery.ajax sends them: a string `data` as is, with `contentType` (core sends
// JSON as `data: JSON.stringify(...)`, `contentType: "application/json"`).
import { buildWaiter } from "@ember/test-waiters";
import type { ajax as discourseAjax } from "discourse/lib/ajax";

const waiter = buildWaiter("emancipasso:ajax");

interface AjaxOptions {
  type?: string;
  method?: string;
  data?: Record<string, string> | string;
  contentType?: string;
}

function request(url: string, options: AjaxOptions = {}): Promise<unknown> {
  const method = (options.type ?? options.method ?? "GET").toUpperCase();
  const token = waiter.beginAsync();
  return new Promise<unknown>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.onload = () => {
      let responseJSON: unknown = undefined;
      try {
        responseJSON = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        responseJSON = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(responseJSON);
      } else {
        reject({
          jqXHR: { status: xhr.status, responseJSON, responseText: xhr.responseText },
          textStatus: "error",
          errorThrown: xhr.statusText,
        });
      }
    };
    xhr.onerror = () => {
      reject({ jqXHR: { status: 0, responseText: "" }, textStatus: "error", errorThrown: "" });
    };
    if (typeof options.data === "string") {
      xhr.setRequestHeader("Content-Type", options.contentType ?? "application/x-www-form-urlencoded; charset=UTF-8");
      xhr.send(options.data);
    } else {
      xhr.send(options.data ? JSON.stringify(options.data) : null);
    }
  }).finally(() => waiter.endAsync(token));
}

export const ajax: typeof discourseAjax = (...args: unknown[]) => {
  const [url, options] = args as [string, AjaxOptions | undefined];
  return request(url, options);
};
