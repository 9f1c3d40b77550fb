import { describe, expect, it } from 'vitest'
import { FlowError } from './flow-error.js'
import { type JsonNode, readJsonDocument, toPlainValue } from './json-document.js'

function refusal(input: Uint8Array | string, limits = {}): FlowError {
  try {
    readJsonDocument(input, 'f.json', limits)
  } catch (error) {
    if (error instanceof FlowError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('readJsonDocument', () => {
  it('reads the values JSON.parse reads, with escapes, numbers and literals', () => {
    const text =
      '{"a":[1,-2.5e3,true,false,null],"b":"x\\"y\\\\","c":{"d":"\\u00e9\\n"},"__proto__":{"polluted":1}}'
    const node = readJsonDocument(text, 'f.json')
    expect(toPlainValue(node)).toEqual(Object.assign(Object.create(null), JSON.parse(text)))
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('records where each member starts (its key) and where array items start', () => {
    const node = readJsonDocument(
      '{\r\n  "actions": {\n    "HTTP": { "type": "Http" }\n  },\n  "list": [\n 1, {"x": 2}]\n}',
      'f.json',
    )
    const actions = node.kind === 'object' ? node.members.get('actions') : undefined
    const http = actions?.kind === 'object' ? actions.members.get('HTTP') : undefined
    expect([actions?.line, actions?.column]).toEqual([2, 3])
    expect([http?.line, http?.column]).toEqual([3, 5])
    const list =
      node.kind === 'object' ? (node.members.get('list') as JsonNode & { kind: 'array' }) : undefined
    expect(list?.items.map((item) => [item.line, item.column])).toEqual([
      [6, 2],
      [6, 5],
    ])
  })

  it('reads UTF-8 with and without a BOM and UTF-16 with a BOM', () => {
    const text = '{"name":"Genehmigung für Änderungen"}'
    const expected = { name: 'Genehmigung für Änderungen' }
    expect(toPlainValue(readJsonDocument(Buffer.from(text), 'f'))).toEqual(expected)
    expect(
      toPlainValue(
        readJsonDocument(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'f'),
      ),
    ).toEqual(expected)
    expect(
      toPlainValue(
        readJsonDocument(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'f'),
      ),
    ).toEqual(expected)
    const be = Buffer.from(text, 'utf16le').swap16()
    expect(toPlainValue(readJsonDocument(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'f'))).toEqual(
      expected,
    )
  })

  it('refuses a duplicate key with its position (readers disagree on which one wins)', () => {
    const error = refusal(
      '{\n "actions": {\n  "HTTP": {"type": "Http"},\n  "HTTP": {"type": "Compose"}\n }\n}',
    )
    expect([error.code, error.line, error.column]).toEqual(['FLOW_JSON_DUPLICATE_KEY', 4, 3])
    expect(error.message).toContain('"HTTP"')
    // Equal after unescaping is a duplicate too.
    expect(refusal('{"a":1,"\\u0061":2}').code).toBe('FLOW_JSON_DUPLICATE_KEY')
  })

  it.each([
    ['empty input', ''],
    ['truncated', '{"a": [1, 2'],
    ['trailing text', '{} {}'],
    ['single quotes', "{'a': 1}"],
    ['trailing comma', '{"a": 1,}'],
    ['a raw newline in a string', '{"a": "x\ny"}'],
    ['a bad escape', '{"a": "\\x41"}'],
    ['an unterminated string', '{"a": "abc'],
    ['a string ending in an escaped quote', '{"a": "abc\\"}'],
    ['a leading zero', '[01]'],
    ['NaN', '[NaN]'],
    ['a comment', '{"a": 1 /* no */}'],
  ])('refuses %s as FLOW_JSON_INVALID with a position', (_what, text) => {
    const error = refusal(text)
    expect(error.code).toBe('FLOW_JSON_INVALID')
    expect(error.line).toBeGreaterThanOrEqual(1)
    expect(error.column).toBeGreaterThanOrEqual(1)
  })

  it('refuses invalid UTF-8 as FLOW_ENCODING_ERROR', () => {
    expect(refusal(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d])).code).toBe(
      'FLOW_ENCODING_ERROR',
    )
  })

  it('refuses input over each limit with the limit named, before reading past it', () => {
    const tooBig = refusal('[' + '1,'.repeat(600) + '1]', { maxBytes: 1000 })
    expect([tooBig.code, tooBig.limit]).toEqual(['FLOW_TOO_LARGE', { name: 'maxBytes', value: 1000 }])
    const deep = refusal('['.repeat(100_000) + ']'.repeat(100_000))
    expect([deep.code, deep.limit?.name, deep.column]).toEqual(['FLOW_TOO_DEEP', 'maxDepth', 513])
    expect(refusal('[' + '0,'.repeat(99) + '0]', { maxValues: 50 }).limit?.name).toBe('maxValues')
    expect(refusal(`{"a": "${'x'.repeat(101)}"}`, { maxStringLength: 100 }).limit?.name).toBe(
      'maxStringLength',
    )
    const wide = `{${Array.from({ length: 11 }, (_, i) => `"k${i}":0`).join(',')}}`
    expect(refusal(wide, { maxMembers: 10 }).limit?.name).toBe('maxMembers')
    expect(() => readJsonDocument(wide, 'f', { maxMembers: 11 })).not.toThrow()
  })
})
