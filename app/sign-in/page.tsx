import { AuthForm } from "@/components/auth-form";

export default function SignInPage() {
  return (
    <main className="page narrow">
      <AuthForm mode="sign-in" />
    </main>
  );
}
