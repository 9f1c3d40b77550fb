/** Exception expiries as date inputs show them: whole days in the viewer's time zone. */
export const DAY_MS = 86_400_000
/** The API's limit: an exception (or its renewal) expires at most 365 days from now. */
const MAX_DAYS = 365

/** A time as a date input's value (yyyy-mm-dd) in the viewer's zone. */
export function dayOf(ms: number): string {
  const date = new Date(ms)
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000)
  return local.toISOString().slice(0, 10)
}

/** A renewal's offer: 90 days past the current expiry, within the 365-day limit. */
export function renewalDay(expiresAt: string): string {
  return dayOf(Math.min(Date.parse(expiresAt) + 90 * DAY_MS, Date.now() + (MAX_DAYS - 1) * DAY_MS))
}

/** A date input's day → the end of that day in the viewer's zone, as the API's ISO time. */
export function endOfDay(day: string): string {
  return new Date(`${day}T23:59:59`).toISOString()
}
