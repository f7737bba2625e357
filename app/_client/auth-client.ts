import { createAuthClient } from "better-auth/react";

/** Browser-side auth calls (same origin). */
export const authClient = createAuthClient();
