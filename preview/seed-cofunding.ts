// `make start`: seeds the sample co-funding request through the service's API (idempotent).
// Usage: node --import tsx preview/seed-cofunding.ts <service url> <database path>
// (secret from the env; the database is read for the referees' questionnaire links).
import { seedCofundingDemo } from "./cofunding-demo.ts";

const [url, databasePath] = process.argv.slice(2);
const secret = process.env["DIRECTORY_SHARED_SECRET"] ?? "";
if (!url || !databasePath || secret.length < 32) {
  process.stderr.write(
    "usage: DIRECTORY_SHARED_SECRET=… seed-cofunding.ts <service url> <database path>\n"
  );
  process.exit(2);
}
await seedCofundingDemo({ url, secret, databasePath });
process.stdout.write("co-funding sample request ready\n");
