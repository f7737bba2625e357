import path from "node:path";

/** This run's folder (database, auth secret, admin session); e2e/serve.mjs empties it at start. */
export const RUN_DIR = path.resolve(process.env.E2E_DATA_DIR ?? path.join(".data", "e2e"));

/** Storage state of the administrator (the first account of the fresh database). */
export const ADMIN_STATE_FILE = path.join(RUN_DIR, "admin-state.json");
