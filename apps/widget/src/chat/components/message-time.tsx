const formats = new Map<string, Intl.DateTimeFormat>();

export function MessageTime({ iso, locale }: { iso: string; locale: string }) {
  let format = formats.get(locale);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' });
    formats.set(locale, format);
  }
  const date = new Date(iso);
  return (
    <time class="nd-time" dateTime={iso} title={date.toLocaleString(locale)}>
      {format.format(date)}
    </time>
  );
}
