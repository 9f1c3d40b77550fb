/**
 * One list of platforms: the dashboard's labels (web/src/api/platforms.ts, which imports nothing
 * from the server) and the event schema's enum (which imports nothing) say what
 * src/domain/platforms.ts says.
 */
import { describe, expect, it } from 'vitest'
import { EVENT_TYPES } from '../../src/domain/events/event-schemas.js'
import { PLATFORM_LABELS, PLATFORMS } from '../../src/domain/platforms.js'
import { PLATFORM_LABELS as WEB_LABELS } from '../../web/src/api/platforms.js'

describe('platforms', () => {
  it('the dashboard lists the same platforms with the same labels, in the same order', () => {
    expect(WEB_LABELS).toEqual(PLATFORM_LABELS)
    expect(Object.keys(WEB_LABELS)).toEqual([...PLATFORMS])
  })

  it('validation.completed names the platforms as an enum', () => {
    const completed = EVENT_TYPES.find((event) => event.name === 'validation.completed')
    const text = JSON.stringify(completed?.schema)
    expect(text).toContain(JSON.stringify({ type: 'string', enum: [...PLATFORMS] }).slice(0, -1))
  })
})
