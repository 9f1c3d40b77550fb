/** A time in the viewer's time zone, with the UTC time on hover (title) and in the datetime attribute. */
const LOCAL = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

export function TimeText({ iso }: { iso: string | null | undefined }) {
  if (iso === null || iso === undefined) return <span class="muted">—</span>
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return <span>{iso}</span>
  const utc = `${date.toISOString().replace('T', ' ').slice(0, 19)} UTC`
  return (
    <time dateTime={date.toISOString()} title={utc}>
      {LOCAL.format(date)}
    </time>
  )
}
