import { z } from "zod";

const uuid = z.uuid();

/**
 * The one check that a value from a URL is an id of ours (an RFC 4122 UUID)
 * before it reaches a query: `/^[0-9a-f-]{36}$/` let 36 dashes through to the
 * uuid cast, a 500.
 */
export function isUuid(value: unknown): value is string {
  return uuid.safeParse(value).success;
}
