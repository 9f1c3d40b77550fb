import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { DOCS_TARGET_EXAMPLES } from '../../webhooks/targets/event-docs-targets.js'
import { EVENT_TYPES } from './event-schemas.js'
import { renderEventDocs } from './render-event-docs.js'

const ajv = new Ajv2020({ allErrors: true, strict: false })
addFormats.default(ajv)

describe('event schemas', () => {
  it.each(EVENT_TYPES.map((type) => [type.name, type]))(
    '%s: its example validates against its schema',
    (_name, type) => {
      const validate = ajv.compile(type.schema)
      expect(validate(type.example), JSON.stringify(validate.errors)).toBe(true)
    },
  )

  it('rejects a payload with a field the contract does not name', () => {
    const type = EVENT_TYPES[0]!
    const validate = ajv.compile(type.schema)
    const example = type.example as { data: Record<string, unknown> }
    expect(validate({ ...example, data: { ...example.data, extra: 1 } })).toBe(false)
  })

  it('docs/events.md is generated from these schemas (run `npm run docs:events` after a change)', () => {
    const committed = readFileSync(new URL('../../../docs/events.md', import.meta.url), 'utf8')
    expect(committed).toBe(renderEventDocs(DOCS_TARGET_EXAMPLES))
  })
})
