import { type ApiError, apiErrorOf } from "@/components/error-line";

/** What a request to the assignment API came back with: the body on success, the API's refusal (with the status) otherwise. */
export type Sent<T> = { isOk: true; data: T } | { isOk: false; status: number; error: ApiError } | { isOk: false; status: 0; error: null };

/** Send JSON (or nothing) to the assignment API; never throws. Status 0: the server was not reached. */
export async function sendJson<T>(url: string, method: string, body?: unknown): Promise<Sent<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { isOk: false, status: 0, error: null };
  }
  const data: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  return response.ok ? { isOk: true, data: data as T } : { isOk: false, status: response.status, error: apiErrorOf(data) };
}
