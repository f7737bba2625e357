import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/server/auth";
import { guardForeignHandler } from "@/server/route";

/** Sign-in, sign-out and password bodies are small: anything larger is refused before better-auth buffers it. */
const AUTH_BODY_LIMIT = 16 * 1024;

/**
 * better-auth's endpoints (sign in, sign out, session, change password). Its
 * POSTs pass the same door as every other route first — origin, JSON content
 * type, size, UTF-8 and storable text — and the account rules themselves are
 * better-auth hooks (server/auth.ts).
 */
async function handle(request: Request): Promise<Response> {
  const guarded = await guardForeignHandler(request, AUTH_BODY_LIMIT);
  if (guarded instanceof Response) return guarded;
  const auth = await getAuth();
  const { GET, POST } = toNextJsHandler(auth);
  return guarded.method === "GET" ? GET(guarded) : POST(guarded);
}

export { handle as GET, handle as POST };
