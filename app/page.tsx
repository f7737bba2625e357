import { redirect } from "next/navigation";
import { getActor } from "@/server/auth";

export default async function Home() {
  const actor = await getActor();
  redirect(actor ? "/articles" : "/sign-in");
}
