import { describe, expect, it } from 'vitest'
import { CronExpressionError, nextCronTime, parseCronExpression } from './cron-expression.js'

const at = (iso: string) => Date.parse(iso)
const next = (expression: string, after: string) => {
  const t = nextCronTime(parseCronExpression(expression), at(after))
  return t === null ? null : new Date(t).toISOString()
}

describe('parseCronExpression', () => {
  it('expands *, numbers, lists, ranges and steps', () => {
    const s = parseCronExpression('*/15 1,3-5 10-20/5 */6 1-5')
    expect([...s.minutes]).toEqual([0, 15, 30, 45])
    expect([...s.hours]).toEqual([1, 3, 4, 5])
    expect([...s.daysOfMonth]).toEqual([10, 15, 20])
    expect([...s.months]).toEqual([1, 7])
    expect([...s.daysOfWeek]).toEqual([1, 2, 3, 4, 5])
    expect(s.dayOfMonthRestricted).toBe(true)
  })

  it('treats day-of-week 7 as Sunday and a/n as a to the end', () => {
    const s = parseCronExpression('5/20 0 * * 7')
    expect([...s.minutes]).toEqual([5, 25, 45])
    expect([...s.daysOfWeek]).toEqual([0])
  })

  it.each([
    ['', /expected 5 fields/],
    ['* * * *', /expected 5 fields/],
    ['* * * * * *', /expected 5 fields/],
    ['60 * * * *', /minute: 60 is outside 0-59/],
    ['* 24 * * *', /hour: 24/],
    ['* * 0 * *', /day-of-month: 0/],
    ['* * * 13 *', /month: 13/],
    ['* * * * 8', /day-of-week: 8/],
    ['*/0 * * * *', /minute: step "0"/],
    ['5-1 * * * *', /runs backwards/],
    ['a * * * *', /minute: "a" is not a number/],
    ['1,,2 * * * *', /minute/],
    ['* * * JAN *', /month: "JAN"/],
    ['0 0 30 2 *', /never fires/],
  ])('rejects %j', (expression, message) => {
    expect(() => parseCronExpression(expression)).toThrow(CronExpressionError)
    expect(() => parseCronExpression(expression)).toThrow(message)
  })
})

describe('nextCronTime (UTC)', () => {
  it('daily at 04:00: later the same day, or the next day once past', () => {
    expect(next('0 4 * * *', '2026-05-22T03:59:59.999Z')).toBe('2026-05-22T04:00:00.000Z')
    expect(next('0 4 * * *', '2026-05-22T04:00:00.000Z')).toBe('2026-05-23T04:00:00.000Z')
    expect(next('0 4 * * *', '2026-12-31T05:00:00.000Z')).toBe('2027-01-01T04:00:00.000Z')
  })

  it('every minute is strictly after the given time', () => {
    expect(next('* * * * *', '2026-05-22T10:00:30.000Z')).toBe('2026-05-22T10:01:00.000Z')
  })

  it('steps and ranges across hours', () => {
    expect(next('*/20 9-17 * * *', '2026-05-22T17:45:00.000Z')).toBe('2026-05-23T09:00:00.000Z')
    expect(next('*/20 9-17 * * *', '2026-05-22T09:01:00.000Z')).toBe('2026-05-22T09:20:00.000Z')
  })

  it('weekdays only (2026-05-23 is a Saturday)', () => {
    expect(next('30 6 * * 1-5', '2026-05-22T07:00:00.000Z')).toBe('2026-05-25T06:30:00.000Z')
  })

  it('day-of-month OR day-of-week when both are restricted', () => {
    // The 1st of the month or any Monday, whichever comes first.
    expect(next('0 0 1 * 1', '2026-05-26T00:00:00.000Z')).toBe('2026-06-01T00:00:00.000Z')
    expect(next('0 0 15 * 1', '2026-05-19T00:00:00.000Z')).toBe('2026-05-25T00:00:00.000Z')
  })

  it('month and leap day', () => {
    expect(next('0 12 29 2 *', '2026-01-01T00:00:00.000Z')).toBe('2028-02-29T12:00:00.000Z')
    expect(next('0 0 31 * *', '2026-04-01T00:00:00.000Z')).toBe('2026-05-31T00:00:00.000Z')
  })
})
