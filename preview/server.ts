// The plugin preview behind `make start`: serves a Discourse-like shell with the plugin's
// routes and components, and a /directory-api proxy that signs each request as the
// plugin's Rails side does. A development tool: it is not Discourse and holds no rule.
import { readFileSync } from "node:fs";
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { buildPreviewAssets, type PreviewAssets } from "./assets.ts";
import { paletteCss } from "./palette.ts";
import {
  isQuestionnaireRoute,
  PROXY_PREFIX,
  type ProxyOptions,
  proxyRequest,
  QUESTIONNAIRE_PREFIX,
  sendError,
} from "./proxy.ts";
import { type PreviewLocale, renderShell } from "./shell.ts";
import { COFUNDING_PAGE, TOPIC_PATH } from "./topic-path.ts";
import { createTopic, showTopic } from "./topics.ts";
import {
  previewUserFor,
  PreviewUserKeySchema,
  readCookie,
  USER_COOKIE,
} from "./users.ts";

const LOCALE_COOKIE = "preview_locale";
const PreviewLocaleSchema = z.enum(["fr", "en"]);
/** Discourse's default palette, then the shell's own styles. */
const SHELL_CSS = Buffer.from(
  paletteCss() +
    "\n" +
    readFileSync(fileURLToPath(new URL("./shell.css", import.meta.url)), "utf8")
);

/** The user switcher's form. */
const SwitchForm = z.strictObject({
  user: PreviewUserKeySchema,
  locale: PreviewLocaleSchema.default("fr"),
});

const Env = z.object({
  PREVIEW_PORT: z.coerce.number().int().min(0).max(65535).default(4200),
  PREVIEW_HOST: z.string().min(1).default("127.0.0.1"),
  DIRECTORY_URL: z.url({ protocol: /^http$/ }).default("http://127.0.0.1:4100"),
  DIRECTORY_SHARED_SECRET: z
    .string()
    .min(32, "must be at least 32 characters long"),
  PREVIEW_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(50)
    .max(120_000)
    .default(10_000),
  PREVIEW_MAIL_SINK_URL: z.url({ protocol: /^http$/ }).optional(),
});

export interface PreviewOptions {
  port: number;
  host: string;
  proxy: ProxyOptions;
  /** Built once before listening; tests and the bench pass a production build. */
  assets: PreviewAssets;
  /** The development mail sink's page (make start), linked from the shell. */
  mailSinkUrl?: string;
}

export interface RunningPreview {
  port: number;
  url: string;
  close: () => Promise<void>;
}

export async function startPreview(
  options: PreviewOptions
): Promise<RunningPreview> {
  const server = createServer((req, res) => {
    handle(req, res, options).catch(() => {
      if (!res.headersSent) {
        sendError(res, 500, "internal_error", "The preview failed to answer.");
      } else {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: PreviewOptions
): Promise<void> {
  const rawUrl = req.url ?? "/";
  const pathname = rawUrl.split("?")[0] ?? "/";
  const method = req.method ?? "GET";
  const cookies = req.headers.cookie;
  const user = previewUserFor(readCookie(cookies, USER_COOKIE));
  const localeCookie = PreviewLocaleSchema.safeParse(
    readCookie(cookies, LOCALE_COOKIE)
  );
  const locale: PreviewLocale = localeCookie.success ? localeCookie.data : "fr";

  if (pathname === PROXY_PREFIX || pathname.startsWith(PROXY_PREFIX + "/")) {
    // The user's interface locale, as Discourse's effective_locale would give it.
    const acting = user.acting ? { ...user.acting, locale } : null;
    await proxyRequest(
      req,
      res,
      rawUrl.slice(PROXY_PREFIX.length),
      acting,
      options.proxy
    );
    return;
  }

  // The referee's link: relayed to the service's /v1/references/..., unsigned by any user,
  // as the forum's QuestionnaireController does.
  if (pathname.startsWith(QUESTIONNAIRE_PREFIX)) {
    const rest = pathname.slice(QUESTIONNAIRE_PREFIX.length - 1);
    if (!isQuestionnaireRoute(method === "HEAD" ? "GET" : method, rest)) {
      req.resume();
      sendError(res, 404, "not_found", "Not found.");
      return;
    }
    await proxyRequest(
      req,
      res,
      "/v1/references" + rawUrl.slice(QUESTIONNAIRE_PREFIX.length - 1),
      null,
      options.proxy,
      true
    );
    return;
  }

  if (method === "POST" && pathname === "/preview/user") {
    await switchUser(req, res);
    return;
  }

  // Stand-ins for Discourse's own endpoints the co-funding request form uses.
  if (method === "POST" && pathname === "/posts") {
    await createTopic(req, res, user.acting);
    return;
  }

  if (method !== "GET" && method !== "HEAD") {
    req.resume();
    sendError(res, 404, "not_found", "Not found.");
    return;
  }

  if (pathname === "/") {
    res.writeHead(302, { location: "/annuaire" }).end();
    return;
  }
  if (isAppPage(pathname)) {
    const html = renderShell({
      user,
      locale,
      ...(options.mailSinkUrl ? { mailSinkUrl: options.mailSinkUrl } : {}),
      scriptUrl: `/preview-assets/app-${options.assets.hash}.js`,
      styleUrl: `/preview-assets/app-${options.assets.hash}.css`,
    });
    send(res, 200, "text/html; charset=utf-8", html, "no-store");
    return;
  }
  if (pathname === "/session/csrf") {
    // SessionController#csrf: the token ajax() sends with writes (the preview checks none).
    send(
      res,
      200,
      "application/json",
      JSON.stringify({ csrf: "preview" }),
      "no-store"
    );
    return;
  }
  const topicJson = /^\/preview\/topics\/(\d{1,9})\.json$/.exec(pathname);
  if (topicJson) {
    showTopic(res, Number(topicJson[1]));
    return;
  }
  if (pathname === "/favicon.ico") {
    // No icon: say so without an error in the browser's console.
    res.writeHead(204).end();
    return;
  }
  if (pathname === "/preview-assets/shell.css") {
    send(res, 200, "text/css; charset=utf-8", SHELL_CSS, "no-cache");
    return;
  }
  if (pathname === `/preview-assets/app-${options.assets.hash}.js`) {
    send(
      res,
      200,
      "text/javascript; charset=utf-8",
      options.assets.js,
      "public, max-age=31536000, immutable"
    );
    return;
  }
  if (pathname === `/preview-assets/app-${options.assets.hash}.css`) {
    send(
      res,
      200,
      "text/css; charset=utf-8",
      options.assets.css,
      "public, max-age=31536000, immutable"
    );
    return;
  }
  sendError(res, 404, "not_found", "Not found.");
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  cache: string
): void {
  res.writeHead(status, {
    "content-type": type,
    "content-length": Buffer.byteLength(body),
    "cache-control": cache,
  });
  res.end(body);
}

/** Keeps the chosen user and locale in cookies, then goes back to the page it came from. */
async function switchUser(
  req: IncomingMessage,
  res: ServerResponse
): Promise<void> {
  let text = "";
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 1024) {
      sendError(
        res,
        413,
        "payload_too_large",
        "The request body is too large."
      );
      return;
    }
  }
  const parsed = SwitchForm.safeParse(
    Object.fromEntries(new URLSearchParams(text))
  );
  if (!parsed.success) {
    sendError(res, 400, "bad_request", "Unknown preview user or locale.");
    return;
  }
  res.writeHead(303, {
    location: backTo(req.headers.referer, req.headers.host),
    "set-cookie": [
      `${USER_COOKIE}=${parsed.data.user}; Path=/; SameSite=Lax; HttpOnly`,
      `${LOCALE_COOKIE}=${parsed.data.locale}; Path=/; SameSite=Lax; HttpOnly`,
    ],
  });
  res.end();
}

/** The pages the Ember app draws: the directory's, co-funding's, and the sample topics. */
function isAppPage(pathname: string): boolean {
  return (
    pathname === "/annuaire" ||
    pathname.startsWith("/annuaire/") ||
    pathname === TOPIC_PATH ||
    pathname === COFUNDING_PAGE ||
    pathname === "/cofinancement/nouveau" ||
    pathname === "/cofinancement/mes-engagements" ||
    /^\/t\/[a-z0-9-]+\/\d{1,9}$/.test(pathname)
  );
}

/** The referring page when it is one of the preview's own app pages, else /annuaire. */
export function backTo(
  referer: string | undefined,
  host: string | undefined
): string {
  if (!referer || !host) {
    return "/annuaire";
  }
  try {
    const url = new URL(referer);
    if (url.host !== host || !isAppPage(url.pathname)) {
      return "/annuaire";
    }
    return url.pathname + url.search;
  } catch {
    return "/annuaire";
  }
}

export function optionsFromEnv(
  env: Record<string, string | undefined>,
  assets: PreviewAssets
): PreviewOptions {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; ");
    throw new Error(`invalid environment: ${problems}`);
  }
  const values = parsed.data;
  return {
    port: values.PREVIEW_PORT,
    host: values.PREVIEW_HOST,
    assets,
    ...(values.PREVIEW_MAIL_SINK_URL
      ? { mailSinkUrl: values.PREVIEW_MAIL_SINK_URL }
      : {}),
    proxy: {
      serviceUrl: new URL(values.DIRECTORY_URL),
      secret: values.DIRECTORY_SHARED_SECRET,
      timeoutMs: values.PREVIEW_TIMEOUT_MS,
      maxBodyBytes: 10 * 1024 * 1024,
    },
  };
}

async function main(): Promise<void> {
  const production = process.env.NODE_ENV === "production";
  const assets = await buildPreviewAssets({ production });
  const preview = await startPreview(optionsFromEnv(process.env, assets));
  // The only line on stdout: scripts read the port from it.
  process.stdout.write(`preview listening on ${preview.url}\n`);
  const stop = () => {
    preview.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `preview: ${error instanceof Error ? error.message : String(error)}\n`
    );
    process.exit(1);
  });
}
