// `make start`: seeds the sample co-funding request through the service's API (idempotent).
// Usage: node --import tsx preview/seed-cofunding.ts <service url> (secret from the env).
import { seedCofundingDemo } from "./cofunding-demo.ts";

const [serviceUrl] = process.argv.slice(2);
const secret = process.env["DIRECTORY_SHARED_SECRET"] ?? "";
if (!serviceUrl || secret.length < 32) {
  process.stderr.write(
    "usage: DIRECTORY_SHARED_SECRET=… seed-cofunding.ts <service url>\n"
  );
  process.exit(2);
}
await seedCofundingDemo(serviceUrl, secret);
process.stdout.write("co-funding sample request ready\n");
