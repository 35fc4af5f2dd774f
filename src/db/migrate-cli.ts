/** `npm run db:migrate`: applies the committed migrations to the configured database and exits. */
import { loadConfig } from "../config.js";
import { openDatabase } from "./database.js";

const config = loadConfig();
const handle = await openDatabase(config);
process.stdout.write(`migrations applied to ${handle.description}\n`);
await handle.close();
