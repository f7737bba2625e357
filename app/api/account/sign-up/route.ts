import { signUp, signUpSchema } from "@/server/accounts";
import { createAccount } from "@/server/auth";
import { publicRoute } from "@/server/route";

/**
 * Create an account: `{ name, email, password, setupToken? | invitationToken? }`.
 * Who may is decided in server/accounts.ts (setup code, invitation, or open
 * sign-up); the answer signs the new account in (its cookies).
 */
export const POST = publicRoute({ body: { kind: "json", schema: signUpSchema } }, async ({ db, body, request }) => {
  const { response, joined } = await signUp(db, body, (account) => createAccount(account, request.headers));
  const headers = new Headers();
  for (const cookie of response.headers.getSetCookie()) headers.append("set-cookie", cookie);
  return Response.json({ joined }, { status: 201, headers });
});
