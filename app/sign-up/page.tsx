import { AuthForm } from "@/components/auth-form";

export default function SignUpPage() {
  return (
    <main className="page narrow">
      <AuthForm mode="sign-up" />
    </main>
  );
}
