import { createAccountAsSiteAdmin, createAccountSchema } from "@/server/accounts";
import { createAccount } from "@/server/auth";
import { route } from "@/server/route";

/** A site admin creates an account `{ name, email, password }` directly; it joins no project until added or invited. */
export const POST = route({ body: { kind: "json", schema: createAccountSchema } }, async ({ actor, body }) => {
  // No request headers: the new account's session cookies must not reach the admin's browser.
  const created = await createAccountAsSiteAdmin(actor, body, (account) => createAccount(account));
  return Response.json({ account: { id: created.userId, name: body.name.trim(), email: body.email.trim().toLowerCase() } }, { status: 201 });
});
