"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ErrorLine } from "@/components/error-line";

export function AcceptInvitationButton({ token, projectName }: { token: string; projectName: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  return (
    <>
      <button
        type="button"
        className="primary"
        disabled={isBusy}
        onClick={async () => {
          setIsBusy(true);
          setError(null);
          const response = await fetch("/api/invitations/accept", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ token }),
          }).catch(() => null);
          setIsBusy(false);
          if (!response?.ok) {
            const data = (await response?.json().catch(() => ({}))) as { error?: { message?: string } } | undefined;
            setError(data?.error?.message ?? "Network error: try again.");
            return;
          }
          const { projectId } = (await response.json()) as { projectId: string };
          router.push(`/projects/${projectId}`);
          router.refresh();
        }}
      >
        Join {projectName}
      </button>
      <ErrorLine error={error} />
    </>
  );
}
