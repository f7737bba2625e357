import Link from "next/link";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { SignUpForm } from "@/components/sign-up-form";
import { needsSetup } from "@/server/accounts";
import { getDatabase } from "@/server/db";
import { getEnv } from "@/server/env";

/** Open sign-up when the server allows it; otherwise how people join (an invitation). */
export default async function SignUpPage() {
  await connection();
  const { db } = await getDatabase();
  if (await needsSetup(db)) redirect("/setup");
  if (getEnv().isOpenSignup) {
    return (
      <main className="page narrow">
        <SignUpForm mode={{ kind: "open" }} />
      </main>
    );
  }
  return (
    <main className="page narrow">
      <div className="card">
        <h1>Joining Claimwork</h1>
        <p>Accounts on this server are created by invitation: ask a project admin to invite your e-mail address, then open the link they send you.</p>
        <p className="muted">
          Have an account? <Link href="/sign-in">Sign in</Link>
        </p>
      </div>
    </main>
  );
}
