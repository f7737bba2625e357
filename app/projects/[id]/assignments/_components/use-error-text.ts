import { useTranslations } from "next-intl";
import { apiErrorText } from "@/components/error-line";
import type { Sent } from "./send";

/**
 * The words for a refused assignment request: the page's own for the codes
 * whose meaning is all in the code, the shared ones (errors.api) next, else
 * the server's sentence, else "failed (status)".
 */
export function useErrorText() {
  const t = useTranslations("assignments.errors");
  const tErrors = useTranslations("errors");
  return (sent: Extract<Sent<unknown>, { isOk: false }>): string => {
    if (sent.error === null) return t("network");
    if (sent.error.code === "conflict:assignment_submitted") return t("submitted");
    if (sent.error.code === "conflict:assignment") return t("taken");
    return apiErrorText(tErrors, sent.error, t("requestFailed", { status: sent.status }));
  };
}
