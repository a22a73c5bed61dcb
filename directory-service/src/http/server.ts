// Listening: the HTTP server around the app, with JSON answers even for the errors Node
// answers itself (malformed request line, headers too large).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import type { ErrorCode } from "../contract/index.ts";

function rawJsonError(
  status: number,
  reason: string,
  code: ErrorCode,
  message: string
): string {
  const body = JSON.stringify({ error: { code, message, details: [] } });
  return (
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

export interface Listening {
  server: Server;
  port: number;
  url: string;
  close: () => Promise<void>;
}

export function listen(
  app: Express,
  port: number,
  host: string
): Promise<Listening> {
  const server = createServer({ maxHeaderSize: 16 * 1024 }, app);
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
    socket.end(
      tooLarge
        ? rawJsonError(
            431,
            "Request Header Fields Too Large",
            "headers_too_large",
            "the request headers are too large"
          )
        : rawJsonError(
            400,
            "Bad Request",
            "bad_request",
            "the request could not be read"
          )
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address() as AddressInfo;
      const shownHost =
        address.family === "IPv6" ? `[${address.address}]` : address.address;
      resolve({
        server,
        port: address.port,
        url: `http://${shownHost}:${address.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeIdleConnections();
          }),
      });
    });
  });
}
