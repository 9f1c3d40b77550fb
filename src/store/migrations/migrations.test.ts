/**
 * Keeps the migration list honest: every file is listed, in order, numbered without gaps, and a
 * migration that has landed is never edited (its checksum is pinned below). To add a migration,
 * append its file to index.ts and its checksum here; never change an existing line.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS } from './index.js'

const LANDED: Record<string, string> = {
  '001-orgs-users-api-keys': 'ea94b13d2c6022e1805bcc3453bece39d6d47d39d45300fe8375e19420d348c2',
  '002-instance-flags': '196a4b4002b8427cab7534b3bfcbcf465a01bb666901b653961b40d7546a46c6',
  '003-validations-exceptions-events': 'e41e06fbb1f245382c1385d254a5c1ebcc4ef87c20b0166e0dc2d5713d5b0bb1',
  '004-webhooks-deliveries': '76494bc2c03c8d5d879142d15b3eb2548a62aea18f32f56140ee3611f494acc3',
  '005-delivery-target': '1d8aa26e5ffd17d0eeca32e2a517a710ac0ec97f4cec8fef41ec55bbe086ef54',
  '006-exception-renewals': '79fa82c241ddc106534d9611bea390599046ab3203fa50b910acc7048d8e57e7',
  '007-audit-chain': '773f2a1020b8134bec9effc4d15cc8d44000d97a5e07d4f6d91498616da1ee7b',
  '008-validation-projects': 'b64637c5c73dea84c05d5ffc09266e3ee30437dbda35a17961bef349047adad4',
  '009-exception-fingerprints': '161b5215dcf58875ee30a6665d5c231ca7c083ea7647e99e07f750c6278edf2b',
  '010-projects': '37341caef44033c50746c951808d59327345269a7a152150d7b5448fa8e2148e',
  '011-sessions': 'add9e4c9e2a76a4e0d2109acbf4226ab4ef8bc1fd058235aa64d1cb4c4a26128',
  '012-dashboard-reads': 'e572478c54df2de2a346580d00ebb566fd230fcb5bb733bb28e596b2d720d0b4',
  '013-dashboard-filters': 'e1df5d8b9a2819ba53f694d3cc8af6bb767fc2e8b959d176fe692f09a181b3ca',
  '014-platforms': '744a3ad908ac814976419a41035e73ff12938ce61bdc6c724039f1cd08dc7085',
  '015-retention-and-job-leases': 'c0de9bd08ccb989d072f4bfca7fe24d24730a1da5f996ba4d2650ad295cdb891',
  '016-delivery-trace-context': 'b1a2a6208e6a6c5411265e9293550e9195722a5e6a33af9872c390ba543b9149',
  '017-delivery-due-index': 'f84661b01f13e232396c1cdf461349c560577dde7405acf08b07fa0acc0e7237',
}

const folder = fileURLToPath(new URL('.', import.meta.url))
const names = Object.keys(MIGRATIONS)

function checksum(name: string): string {
  const text = readFileSync(`${folder}${name}.ts`, 'utf8').replace(/\r\n/g, '\n')
  return createHash('sha256').update(text).digest('hex')
}

describe('migrations/index.ts', () => {
  it('lists every migration file of the folder, and nothing else', () => {
    const files = readdirSync(folder)
      .filter((file) => /^\d{3}-.*\.ts$/.test(file) && !file.endsWith('.test.ts'))
      .map((file) => file.slice(0, -'.ts'.length))
      .sort()
    expect(names).toEqual(files)
  })

  it('names are NNN-kebab-case, numbered from 001 without gaps, in order', () => {
    names.forEach((name, index) => {
      expect(name).toMatch(/^\d{3}-[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(name.slice(0, 3)).toBe(String(index + 1).padStart(3, '0'))
    })
    expect([...names].sort()).toEqual(names)
  })

  it('every migration exports up()', () => {
    for (const name of names) expect(typeof MIGRATIONS[name]?.up).toBe('function')
  })

  it('landed migrations are unchanged (append a new migration instead of editing one)', () => {
    for (const name of names) {
      expect(LANDED[name], `${name} has no pinned checksum: add it to LANDED`).toBeDefined()
      expect(checksum(name), `${name} was edited after it landed`).toBe(LANDED[name])
    }
  })
})
