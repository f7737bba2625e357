"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { apiErrorOf, apiErrorText, ErrorLine } from "@/components/error-line";

export function AcceptInvitationButton({ token, projectName }: { token: string; projectName: string }) {
  const t = useTranslations("auth");
  const tErrors = useTranslations("errors");
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
          if (!response) {
            setError(tErrors("network"));
            return;
          }
          if (!response.ok) {
            const refusal = apiErrorOf(await response.json().catch(() => null));
            setError(apiErrorText(tErrors, refusal, tErrors("failed", { status: response.status })));
            return;
          }
          const { projectId } = (await response.json()) as { projectId: string };
          router.push(`/projects/${projectId}`);
          router.refresh();
        }}
      >
        {t("invitation.join", { project: projectName })}
      </button>
      <ErrorLine error={error} />
    </>
  );
}
