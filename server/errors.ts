/**
 * Typed application errors: `type:surface` codes (e.g. `not_found:claim`)
 * that map to an HTTP status and a message safe to show, so database detail
 * never leaks and bad input never becomes a 500.
 */
export type ErrorType =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "gone"
  | "payload_too_large"
  | "unsupported_media_type"
  | "unprocessable"
  | "too_many_requests"
  | "unavailable";

const STATUS: Record<ErrorType, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  too_many_requests: 429,
  unavailable: 503,
};

export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  readonly type: ErrorType;
  readonly surface: string;
  readonly fields: FieldErrors | undefined;
  /** Extra data for the client (e.g. the current claim on a 409). */
  readonly detail: unknown;

  constructor(code: `${ErrorType}:${string}`, message: string, options: { fields?: FieldErrors; detail?: unknown } = {}) {
    super(message);
    const [type, surface] = code.split(":") as [ErrorType, string];
    this.type = type;
    this.surface = surface;
    this.fields = options.fields;
    this.detail = options.detail;
  }

  get status(): number {
    return STATUS[this.type];
  }

  get code(): string {
    return `${this.type}:${this.surface}`;
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, fields: this.fields, detail: this.detail } };
  }
}

/** zod issues → `{ "target.start": "must be …" }`, so a 4xx names the field. */
export function fieldErrorsFromZod(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".") || "(body)";
    fields[key] ??= issue.message;
  }
  return fields;
}

export function describeFields(fields: FieldErrors): string {
  return Object.entries(fields)
    .map(([field, message]) => `${field}: ${message}`)
    .join("; ");
}
