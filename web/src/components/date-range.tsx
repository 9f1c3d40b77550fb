/**
 * A From/To pair of date inputs for list filters whose API takes `since` (inclusive) and `until`
 * (exclusive) times: a day picked here is the whole day in the viewer's time zone.
 */
import { queryFromForm } from './data-table'

/** The form's day (`YYYY-MM-DD`) as the API's time: the start of `since`'s day, the end of `until`'s. */
export function dayFilterValue(name: 'since' | 'until', day: string): string {
  return name === 'since'
    ? new Date(`${day}T00:00:00`).toISOString()
    : new Date(`${day}T23:59:59.999`).toISOString()
}

/** The query string's time back as the viewer's day, for the input's value ('' if none or bad). */
export function filterDay(value: string | null): string {
  if (value === null) return ''
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return ''
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000)
  return local.toISOString().slice(0, 10)
}

/** The query string with the form's fields (`names`), the days among them turned into times. */
export function filterQuery(form: HTMLFormElement, names: readonly string[]): URLSearchParams {
  const next = queryFromForm(form, names)
  for (const name of ['since', 'until'] as const) {
    const day = next.get(name)
    if (day !== null) next.set(name, dayFilterValue(name, day))
  }
  return next
}

export function DateRangeInputs({ query }: { query: URLSearchParams }) {
  return (
    <>
      <label>
        From <input type="date" name="since" defaultValue={filterDay(query.get('since'))} />
      </label>
      <label>
        To <input type="date" name="until" defaultValue={filterDay(query.get('until'))} />
      </label>
    </>
  )
}
