import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ERROR_CATALOGUE } from './error-catalogue.js'

const docs = fs.readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8')

describe('error catalogue', () => {
  it('is documented in docs/errors.md row for row, with the same status', () => {
    const rows = new Map<string, number>()
    for (const match of docs.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm))
      rows.set(match[1] as string, Number(match[2]))
    const catalogue = new Map(Object.entries(ERROR_CATALOGUE).map(([code, entry]) => [code, entry.status]))
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(catalogue))
  })

  it('uses only 4xx and 5xx statuses and non-empty messages', () => {
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      expect(entry.status, code).toBeGreaterThanOrEqual(400)
      expect(entry.message.length, code).toBeGreaterThan(10)
    }
  })
})
