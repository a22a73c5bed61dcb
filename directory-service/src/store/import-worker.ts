// Worker thread of an import: reads and checks the file, then writes it through its own
// connection, so the service's thread keeps answering searches (they read the last
// committed state: WAL) however large the file. Started by import-runner.ts.
import { parentPort, workerData } from "node:worker_threads";
import { readImport } from "../domain/provider-import.ts";
import { openDatabase } from "./database.ts";
import { writeImport, type ImportJobInput, type ImportOutcome } from "./import-runner.ts";

const input = workerData as ImportJobInput;
const checked = readImport(input.body, input.format, input.rules);
let outcome: ImportOutcome;
if (!checked.ok) {
  outcome = checked;
} else {
  const db = openDatabase(input.databasePath);
  try {
    outcome = writeImport(db, checked, input.geography, new Date(input.now));
  } finally {
    db.close();
  }
}
parentPort!.postMessage(outcome);
