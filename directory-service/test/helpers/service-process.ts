// One service process on a given SQLite file, its clock fixed: `tsx service-process.ts
// <database> <now-ms>`. Prints its address on stdout, stops on SIGTERM. Several of them
// on one file are how the forum's host may run the service.
import { createApp } from "../../src/http/app.ts";
import { listen } from "../../src/http/server.ts";
import { openDirectory } from "../../src/store/directory.ts";
import { TEST_SECRET } from "./service.ts";

const [path, nowMs] = process.argv.slice(2);
if (!path || !nowMs) throw new Error("usage: service-process.ts <database> <now-ms>");
const db = openDirectory(path);
const app = createApp({ db, secret: TEST_SECRET, now: () => Number(nowMs) });
const listening = await listen(app, 0, "127.0.0.1");
process.stdout.write(`${listening.url}\n`);
process.on("SIGTERM", () => {
  void listening.close().finally(() => {
    db.close();
    process.exit(0);
  });
});
