import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { EVENT_TYPES } from '../../domain/events/event-schemas.js'
import { InvalidEventError } from './errors.js'
import {
  type EventFinding,
  type ExceptionExpiringSoonData,
  FLOWCERTA_EVENT_NAMES,
  type FlowcertaEvent,
  type FlowcertaEventName,
  parseEvent,
  type SeveritySummary,
  safeParseEvent,
  UnknownEventError,
  type ValidationBelowThresholdData,
  type ValidationCompletedData,
  type WebhookTestData,
} from './events.js'

// Every field of each type, checked against the schemas below: `satisfies Record<keyof T, true>`
// fails to compile on a missing or an extra key, the test fails when the schema differs.
const DATA_KEYS: Record<FlowcertaEventName, Record<string, true>> = {
  'validation.completed': {
    validationId: true,
    platform: true,
    fileName: true,
    label: true,
    passed: true,
    score: true,
    enforcementMode: true,
    policyPackSlug: true,
    validatedAt: true,
    summary: true,
    findings: true,
  } satisfies Record<keyof ValidationCompletedData, true>,
  'validation.below_threshold': {
    validationId: true,
    platform: true,
    fileName: true,
    label: true,
    score: true,
    threshold: true,
    passed: true,
    policyPackSlug: true,
    validatedAt: true,
    resultUrl: true,
  } satisfies Record<keyof ValidationBelowThresholdData, true>,
  'exception.expiring_soon': {
    exceptionId: true,
    ruleId: true,
    fileName: true,
    location: true,
    reason: true,
    expiresAt: true,
    daysRemaining: true,
    requestedByEmail: true,
  } satisfies Record<keyof ExceptionExpiringSoonData, true>,
  'webhook.test': { webhookId: true, message: true } satisfies Record<keyof WebhookTestData, true>,
}
const SUMMARY_KEYS = { critical: true, high: true, medium: true, low: true, total: true } satisfies Record<
  keyof SeveritySummary,
  true
>
const FINDING_KEYS = {
  ruleId: true,
  severity: true,
  category: true,
  location: true,
  description: true,
} satisfies Record<keyof EventFinding, true>

type Props = { properties: Record<string, Props & { type?: unknown; enum?: unknown }>; required: string[] }
const dataSchema = (name: string) =>
  (EVENT_TYPES.find((t) => t.name === name)!.schema as Props).properties.data!

describe('event types stay in step with the event schemas', () => {
  it('knows exactly the events of the schemas', () => {
    expect([...FLOWCERTA_EVENT_NAMES].sort()).toEqual(EVENT_TYPES.map((t) => t.name).sort())
  })

  it('has the fields of every schema, no more, no fewer', () => {
    for (const name of FLOWCERTA_EVENT_NAMES) {
      const schema = dataSchema(name)
      expect(Object.keys(DATA_KEYS[name]).sort(), name).toEqual(Object.keys(schema.properties).sort())
      expect(schema.required.sort(), name).toEqual(Object.keys(schema.properties).sort())
    }
    const completed = dataSchema('validation.completed').properties
    expect(Object.keys(SUMMARY_KEYS).sort()).toEqual(Object.keys(completed.summary!.properties).sort())
    const items = (completed.findings as unknown as { items: Props }).items
    expect(Object.keys(FINDING_KEYS).sort()).toEqual(Object.keys(items.properties).sort())
    expect(completed.enforcementMode!.enum).toEqual(['blocking', 'advisory'])
    expect(items.properties.severity!.enum).toEqual(['critical', 'high', 'medium', 'low'])
  })
})

describe('parseEvent', () => {
  it('parses every event example, from a string or bytes, into its typed variant', () => {
    for (const type of EVENT_TYPES) {
      const text = JSON.stringify(type.example)
      const event = parseEvent(text)
      expect(event).toEqual(type.example)
      expect(event.event).toBe(type.name)
      expect(parseEvent(Buffer.from(text))).toEqual(type.example)
      expect(safeParseEvent(text)).toEqual({ ok: true, event: type.example })
    }
  })

  it('narrows data by event name', () => {
    const event = parseEvent(JSON.stringify(EVENT_TYPES[0]!.example))
    expectTypeOf(event).toEqualTypeOf<FlowcertaEvent>()
    switch (event.event) {
      case 'validation.completed':
        expectTypeOf(event.data.findings).toEqualTypeOf<EventFinding[]>()
        expect(event.data.findings[0]!.severity).toBe('critical')
        break
      case 'validation.below_threshold':
        expectTypeOf(event.data.threshold).toEqualTypeOf<number>()
        break
      case 'exception.expiring_soon':
        expectTypeOf(event.data.location).toEqualTypeOf<string | null>()
        break
      case 'webhook.test':
        expectTypeOf(event.data.message).toEqualTypeOf<string>()
        break
      default:
        expectTypeOf(event).toEqualTypeOf<never>()
    }
  })

  it('accepts extra fields (a newer Flowcerta may add some)', () => {
    const example = structuredClone(EVENT_TYPES[0]!.example) as { data: Record<string, unknown> }
    const extended = { ...example, deliveredBy: 'x', data: { ...example.data, newField: 1 } }
    expect(parseEvent(JSON.stringify(extended))).toEqual(extended)
  })

  it('throws UnknownEventError, with the envelope, for an event it does not know', () => {
    const envelope = { event: 'policy.changed', orgId: 'o', occurredAt: 't', data: { anything: [1] } }
    let thrown: unknown
    try {
      parseEvent(JSON.stringify(envelope))
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(UnknownEventError)
    expect((thrown as UnknownEventError).code).toBe('unknown_event')
    expect((thrown as UnknownEventError).envelope).toEqual(envelope)
    const result = safeParseEvent(JSON.stringify(envelope))
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error).toBeInstanceOf(UnknownEventError)
    // Names of Object.prototype are not events.
    for (const name of ['constructor', 'toString', '__proto__']) {
      expect(() => parseEvent(JSON.stringify({ ...envelope, event: name }))).toThrow(UnknownEventError)
    }
  })

  const codeOf = (body: string | Buffer) => {
    try {
      parseEvent(body)
      return null
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidEventError)
      return (error as InvalidEventError).code
    }
  }

  it('throws InvalidEventError on garbage', () => {
    for (const garbage of ['', 'not json', '{', '<xml/>', Buffer.from([0xff, 0xfe, 0x00])]) {
      expect(codeOf(garbage), String(garbage)).toBe('invalid_json')
    }
    for (const notEnvelope of ['null', '42', '"text"', '[]', '{}', '{"event":"webhook.test"}']) {
      expect(codeOf(notEnvelope), notEnvelope).toBe('invalid_envelope')
    }
    const example = EVENT_TYPES[3]!.example as Record<string, unknown>
    expect(codeOf(JSON.stringify({ ...example, event: 7 }))).toBe('invalid_envelope')
    expect(codeOf(JSON.stringify({ ...example, orgId: null }))).toBe('invalid_envelope')
    const result = safeParseEvent('nope')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('invalid_json')
  })

  it('throws InvalidEventError (invalid_data, with a pointer) when a known event breaks its schema', () => {
    const completed = EVENT_TYPES[0]!.example as { data: Record<string, unknown> }
    const broken = (change: Record<string, unknown>) => {
      try {
        parseEvent(JSON.stringify({ ...completed, data: { ...completed.data, ...change } }))
        return null
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidEventError)
        return [(error as InvalidEventError).code, (error as InvalidEventError).pointer]
      }
    }
    expect(broken({ score: '47' })).toEqual(['invalid_data', '/data/score'])
    expect(broken({ score: 47.5 })).toEqual(['invalid_data', '/data/score'])
    expect(broken({ score: 101 })).toEqual(['invalid_data', '/data/score'])
    expect(broken({ enforcementMode: 'loud' })).toEqual(['invalid_data', '/data/enforcementMode'])
    expect(broken({ label: 3 })).toEqual(['invalid_data', '/data/label'])
    expect(broken({ summary: { critical: 1 } })).toEqual(['invalid_data', '/data/summary/high'])
    expect(broken({ findings: [{ ruleId: 'x' }] })).toEqual(['invalid_data', '/data/findings/0/severity'])
    expect(broken({ findings: {} })).toEqual(['invalid_data', '/data/findings'])
    const { passed: _passed, ...withoutPassed } = completed.data
    expect(() => parseEvent(JSON.stringify({ ...completed, data: withoutPassed }))).toThrow(/data\/passed/)
    expect(() => parseEvent(JSON.stringify({ ...completed, data: null }))).toThrow(InvalidEventError)
  })
})

describe('the library ships on its own', () => {
  it('imports only node:crypto, node:http types and the event schemas', () => {
    const dir = path.dirname(fileURLToPath(import.meta.url))
    const files = ['index', 'errors', 'events', 'signatures', 'verify-delivery', 'express', 'fastify']
    for (const file of files) {
      const source = readFileSync(path.join(dir, `${file}.ts`), 'utf8')
      const imports = [...source.matchAll(/^(import|export)[^'"]*from '([^']+)'/gm)].map((m) => [m[1], m[2]])
      for (const [, from] of imports) {
        const allowed =
          from === 'node:crypto' ||
          from === 'node:http' ||
          /^\.\/[a-z-]+\.js$/.test(from!) ||
          from === '../../domain/events/event-schemas.js'
        expect(allowed, `${file}.ts imports ${from}`).toBe(true)
      }
      if (source.includes("'node:http'")) expect(source).toMatch(/import type [^\n]*'node:http'/)
    }
    const schemas = readFileSync(path.join(dir, '../../domain/events/event-schemas.ts'), 'utf8')
    expect(schemas).not.toMatch(/^import /m)
  })
})
