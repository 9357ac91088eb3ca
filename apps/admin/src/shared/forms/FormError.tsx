/** The form-level error (an API problem no field shows, or the summary of the fields' ones). */
export function FormError({ message }: { message: string | null }) {
  if (message === null) {
    return null;
  }
  return (
    <p className="banner banner--error" role="alert">
      {message}
    </p>
  );
}
