import { Suspense } from "react";
import { AuthForm } from "@/components/auth-form";

export default function SignInPage() {
  return (
    <main className="page narrow">
      {/* useSearchParams (the ?next= after signing in) needs a Suspense boundary in a prerendered page. */}
      <Suspense>
        <AuthForm />
      </Suspense>
    </main>
  );
}
