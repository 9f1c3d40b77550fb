/**
 * Five-field cron expressions (`minute hour day-of-month month day-of-week`), evaluated in UTC.
 * Each field takes `*`, a number, a range `a-b`, a step `*\/n` or `a-b/n` or `a/n`, and
 * comma-separated lists of these. Day-of-week is 0–7 (0 and 7 are Sunday). As in Vixie cron,
 * when both day-of-month and day-of-week are restricted, a day matches if either matches.
 * Names (JAN, MON) and the non-standard `L`, `W`, `#`, `?` are not supported.
 */

export interface CronSchedule {
  /** The expression as given. */
  readonly source: string
  readonly minutes: ReadonlySet<number>
  readonly hours: ReadonlySet<number>
  readonly daysOfMonth: ReadonlySet<number>
  readonly months: ReadonlySet<number>
  /** 0–6, Sunday = 0. */
  readonly daysOfWeek: ReadonlySet<number>
  readonly dayOfMonthRestricted: boolean
  readonly dayOfWeekRestricted: boolean
}

/** A cron expression that cannot be used; `message` says which field and why. */
export class CronExpressionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CronExpressionError'
  }
}

interface FieldSpec {
  name: string
  min: number
  max: number
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day-of-week', min: 0, max: 7 },
]

const MINUTE_MS = 60_000
/** A schedule that fires at all fires within 8 years (covers Feb 29). */
const SEARCH_LIMIT_MS = 8 * 366 * 24 * 60 * MINUTE_MS

function parseNumber(text: string, field: FieldSpec): number {
  if (!/^\d{1,2}$/.test(text)) throw new CronExpressionError(`${field.name}: "${text}" is not a number`)
  const value = Number(text)
  if (value < field.min || value > field.max) {
    throw new CronExpressionError(`${field.name}: ${value} is outside ${field.min}-${field.max}`)
  }
  return value
}

function parseField(text: string, field: FieldSpec): Set<number> {
  const values = new Set<number>()
  for (const part of text.split(',')) {
    const [rangeText, stepText, extra] = part.split('/')
    if (rangeText === undefined || rangeText === '' || extra !== undefined) {
      throw new CronExpressionError(`${field.name}: "${part}" is not a value, range or step`)
    }
    let step = 1
    if (stepText !== undefined) {
      if (!/^\d{1,2}$/.test(stepText) || Number(stepText) < 1) {
        throw new CronExpressionError(`${field.name}: step "${stepText}" must be a whole number from 1`)
      }
      step = Number(stepText)
    }
    let from: number
    let to: number
    if (rangeText === '*') {
      from = field.min
      to = field.max
    } else if (rangeText.includes('-')) {
      const [a, b, more] = rangeText.split('-')
      if (a === undefined || b === undefined || more !== undefined) {
        throw new CronExpressionError(`${field.name}: "${rangeText}" is not a range`)
      }
      from = parseNumber(a, field)
      to = parseNumber(b, field)
      if (from > to) throw new CronExpressionError(`${field.name}: range "${rangeText}" runs backwards`)
    } else {
      from = parseNumber(rangeText, field)
      // `a/n` means from a to the end of the field, as in Vixie cron.
      to = stepText === undefined ? from : field.max
    }
    for (let value = from; value <= to; value += step) values.add(value)
  }
  return values
}

/** Parses an expression; throws CronExpressionError naming the bad field. */
export function parseCronExpression(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/)
  if (parts.length !== 5 || parts[0] === '') {
    throw new CronExpressionError(
      `expected 5 fields (minute hour day-of-month month day-of-week), got ${parts[0] === '' ? 0 : parts.length}`,
    )
  }
  const sets = parts.map((part, index) => parseField(part, FIELDS[index] as FieldSpec))
  const [minutes, hours, daysOfMonth, months, rawDaysOfWeek] = sets as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ]
  const daysOfWeek = new Set([...rawDaysOfWeek].map((day) => day % 7))
  const schedule: CronSchedule = {
    source: expression.trim(),
    minutes,
    hours,
    daysOfMonth,
    months,
    daysOfWeek,
    dayOfMonthRestricted: !parts[2]?.startsWith('*'),
    dayOfWeekRestricted: !parts[4]?.startsWith('*'),
  }
  if (nextCronTime(schedule, Date.UTC(2000, 0, 1)) === null) {
    throw new CronExpressionError(`"${schedule.source}" never fires (no such date)`)
  }
  return schedule
}

function dayMatches(schedule: CronSchedule, date: Date): boolean {
  const dom = schedule.daysOfMonth.has(date.getUTCDate())
  const dow = schedule.daysOfWeek.has(date.getUTCDay())
  if (schedule.dayOfMonthRestricted && schedule.dayOfWeekRestricted) return dom || dow
  return dom && dow
}

/**
 * The first time strictly after `afterMs` (epoch ms) at which the schedule fires, at whole
 * minutes in UTC; null if it never fires within 8 years.
 */
export function nextCronTime(schedule: CronSchedule, afterMs: number): number | null {
  let t = Math.floor(afterMs / MINUTE_MS) * MINUTE_MS + MINUTE_MS
  const limit = afterMs + SEARCH_LIMIT_MS
  while (t <= limit) {
    const date = new Date(t)
    if (!schedule.months.has(date.getUTCMonth() + 1)) {
      t = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1)
    } else if (!dayMatches(schedule, date)) {
      t = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1)
    } else if (!schedule.hours.has(date.getUTCHours())) {
      t = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), date.getUTCHours() + 1)
    } else if (!schedule.minutes.has(date.getUTCMinutes())) {
      t += MINUTE_MS
    } else {
      return t
    }
  }
  return null
}
