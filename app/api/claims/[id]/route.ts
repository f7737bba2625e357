import { claimSaveSchema } from "@/lib/claim-schema";
import { saveClaim, setClaimDeleted } from "@/server/claims";
import { AppError } from "@/server/errors";
import { idParams, route } from "@/server/route";

/** Create or update a claim (idempotent by client-generated id and mutation id, so a dropped connection is retried). */
export const PUT = route(
  { params: idParams, body: { kind: "json", schema: claimSaveSchema }, isIdempotent: true },
  async ({ db, actor, params, body }) => {
    if (body.id !== params.id)
      throw new AppError("unprocessable:validation", "id: must equal the id in the URL", { fields: { id: "must equal the id in the URL" } });
    const result = await saveClaim(db, actor, body);
    return Response.json({ claim: result.claim }, { status: result.created ? 201 : 200 });
  },
);

/** Soft delete; restore through /restore. */
export const DELETE = route({ params: idParams }, async ({ db, actor, params }) =>
  Response.json({ claim: await setClaimDeleted(db, actor, { claimId: params.id, restore: false }) }),
);
