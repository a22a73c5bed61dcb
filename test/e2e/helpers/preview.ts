// The preview server in-process, pointed at a given service; and a bare upstream that
// records what the proxy sends (to look at the headers the service would receive).
import {
  createServer,
  type IncomingHttpHeaders,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import type { PreviewAssets } from "../../../preview/assets.ts";
import { type RunningPreview, startPreview } from "../../../preview/server.ts";
import { TEST_SECRET } from "./service.ts";

/** Enough for the proxy and page tests; the end-to-end test builds the real bundle. */
export const PLACEHOLDER_ASSETS: PreviewAssets = {
  js: Buffer.from("/* placeholder */"),
  css: Buffer.from("/* placeholder */"),
  hash: "placeholder",
};

export function startTestPreview(
  serviceUrl: string,
  options: {
    timeoutMs?: number;
    maxBodyBytes?: number;
    assets?: PreviewAssets;
  } = {}
): Promise<RunningPreview> {
  return startPreview({
    port: 0,
    host: "127.0.0.1",
    assets: options.assets ?? PLACEHOLDER_ASSETS,
    proxy: {
      serviceUrl: new URL(serviceUrl),
      secret: TEST_SECRET,
      timeoutMs: options.timeoutMs ?? 5000,
      maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    },
  });
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface RecordingUpstream {
  url: string;
  requests: RecordedRequest[];
  close: () => Promise<void>;
}

/** answer: what to do with each request; by default a 200 JSON echo of nothing. */
export async function startRecordingUpstream(
  answer: (res: ServerResponse) => void = (res) => {
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  }
): Promise<RecordingUpstream> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
    }
    requests.push({
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks),
    });
    answer(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A loopback port with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
