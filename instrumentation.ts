/**
 * Runs once when a server process starts: open, migrate and seed the database
 * before the first request, and stop with one clear line if that fails.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("./server/startup");
  await startServer();
}
