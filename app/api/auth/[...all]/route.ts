import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/server/auth";
import { errorResponse } from "@/server/http";
import { assertSameOrigin } from "@/server/route";

/**
 * better-auth's endpoints (sign in, sign out, session, change password). Its
 * POSTs pass the same cross-origin check as every other route first; the
 * account rules themselves are better-auth hooks (server/auth.ts).
 */
async function handle(request: Request): Promise<Response> {
  try {
    if (request.method !== "GET") assertSameOrigin(request, { kind: "json", schema: undefined as never });
  } catch (error) {
    return errorResponse(error);
  }
  const auth = await getAuth();
  const { GET, POST } = toNextJsHandler(auth);
  return request.method === "GET" ? GET(request) : POST(request);
}

export { handle as GET, handle as POST };
