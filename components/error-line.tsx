/** A failure, said at once to screen readers (role="alert"); nothing while there is none. */
export function ErrorLine({ error }: { error: string | null }) {
  return error ? (
    <p className="error" role="alert">
      {error}
    </p>
  ) : null;
}
