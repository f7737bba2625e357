import { redirect } from "next/navigation";
import { connection } from "next/server";
import { SignUpForm } from "@/components/sign-up-form";
import { needsSetup } from "@/server/accounts";
import { getDatabase } from "@/server/db";

/** The first account of a fresh instance, with the one-time setup code printed in the server's log. */
export default async function SetupPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  await connection();
  const { db } = await getDatabase();
  if (!(await needsSetup(db))) redirect("/sign-in");
  const { token } = await searchParams;
  return (
    <main className="page narrow">
      <SignUpForm mode={{ kind: "setup", setupToken: typeof token === "string" ? token : "" }} />
    </main>
  );
}
