/**
 * Engine choice from the URL and per-engine connection settings. The shared behaviour of both
 * engines is in store-contract.test.ts.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { TEST_DATABASE_URL_ENV, testEngines } from '../../test/helpers/test-stores.js'
import { openStore } from './open-store.js'
import { PostgresStore } from './postgres/postgres-store.js'
import { SqliteStore } from './sqlite/sqlite-store.js'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowcerta-open-'))
  dirs.push(dir)
  return dir
}

describe('openStore', () => {
  it("opens ':memory:' as SQLite", async () => {
    const store = openStore({ databaseUrl: ':memory:' })
    try {
      expect(store).toBeInstanceOf(SqliteStore)
      expect((await store.migrate()).applied.length).toBeGreaterThan(0)
      await store.ping()
    } finally {
      await store.close()
    }
  })

  it('opens a file path as SQLite, creating missing folders, with the required pragmas', async () => {
    const file = join(tempDir(), 'nested', 'deeper', 'flowcerta.db')
    const store = openStore({ databaseUrl: file })
    try {
      expect(store.engine).toBe('sqlite')
      expect(existsSync(file)).toBe(true)
      const pragma = async (name: string) =>
        Object.values(
          (await sql<Record<string, unknown>>`${sql.raw(`pragma ${name}`)}`.execute(store.db)).rows[0] ?? {},
        )[0]
      expect(await pragma('journal_mode')).toBe('wal')
      expect(await pragma('synchronous')).toBe(1)
      expect(await pragma('foreign_keys')).toBe(1)
      expect(await pragma('busy_timeout')).toBe(5000)
    } finally {
      await store.close()
    }
  })

  it.each([
    'postgres://u:pw@127.0.0.1:1/db',
    'postgresql://u:pw@127.0.0.1:1/db',
    'POSTGRES://127.0.0.1:1/db',
  ])('opens %s as PostgreSQL without connecting yet', async (databaseUrl) => {
    const store = openStore({ databaseUrl, schema: 'some_schema', poolSize: 2 })
    expect(store).toBeInstanceOf(PostgresStore)
    expect(store.engine).toBe('postgres')
    await store.close()
  })

  it('refuses an unknown scheme, naming the scheme and never the password', () => {
    let message = ''
    try {
      openStore({ databaseUrl: 'mysql://admin:s3cret-pw@db.example.com/flowcerta' })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain('"mysql://"')
    expect(message).not.toContain('s3cret-pw')
    expect(message).not.toContain('admin')
    expect(() => openStore({ databaseUrl: 'sqlite://data/x.db' })).toThrow(/"sqlite:\/\/"/)
  })

  it('refuses an empty URL, a schema for SQLite and an unsafe schema name', () => {
    expect(() => openStore({ databaseUrl: '  ' })).toThrow(/empty/)
    expect(() => openStore({ databaseUrl: ':memory:', schema: 'x' })).toThrow(/PostgreSQL only/)
    expect(() => openStore({ databaseUrl: 'postgres://127.0.0.1:1/db', schema: 'a"; drop' })).toThrow(
      /schema name/,
    )
  })
})

describe.runIf(testEngines().includes('postgres'))('PostgresStore connection settings', () => {
  const url = process.env[TEST_DATABASE_URL_ENV] ?? ''

  it('sets search_path to its schema on every connection, creating the schema on migrate', async () => {
    const schema = `t_open_${Date.now().toString(36)}`
    const store = openStore({ databaseUrl: url, schema, poolSize: 3 })
    try {
      await store.migrate()
      const schemas = await Promise.all(
        Array.from({ length: 3 }, () =>
          store.transaction(async (trx) => {
            const { rows } = await sql<{ s: string }>`select current_schema() as s, pg_sleep(0.05)`.execute(
              trx,
            )
            return rows[0]?.s
          }),
        ),
      )
      expect(schemas).toEqual([schema, schema, schema])
    } finally {
      await store.close()
      const admin = new pg.Client({ connectionString: url })
      await admin.connect()
      await admin.query(`drop schema if exists "${schema}" cascade`)
      await admin.end()
    }
  })

  it('parses int8 on its own pool only, leaving the global pg type parsers alone', async () => {
    const store = openStore({ databaseUrl: url })
    try {
      const { rows } = await sql<{ n: unknown }>`select 9007199254740991::int8 as n`.execute(store.db)
      expect(rows[0]?.n).toBe(Number.MAX_SAFE_INTEGER)
      expect(pg.types.getTypeParser(20, 'text')('42')).toBe('42')
    } finally {
      await store.close()
    }
  })
})
