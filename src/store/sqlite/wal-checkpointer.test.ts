/**
 * The WAL checkpointer against real database files: checkpoints happen on the thread (the main
 * connection's automatic ones are off), the WAL stays bounded, close ends the thread, and a thread
 * that cannot start hands checkpoints back to the connection.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SqliteStore } from './sqlite-store.js'
import { WalCheckpointer } from './wal-checkpointer.js'

const cleanups: (() => void | Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function openDatabase(): { database: BetterSqlite3.Database; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'flowcerta-wal-'))
  const file = join(dir, 'wal.db')
  const database = new BetterSqlite3(file)
  database.pragma('journal_mode = WAL')
  database.pragma('synchronous = NORMAL')
  database.exec('create table filler (id integer primary key, text text not null)')
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return { database, file }
}

/** Writes `rows` rows of ~1 KiB, one transaction each, so every one lands in the WAL. */
function write(database: BetterSqlite3.Database, rows: number): void {
  const insert = database.prepare('insert into filler (text) values (?)')
  for (let i = 0; i < rows; i++) insert.run('x'.repeat(1000))
}

describe('WalCheckpointer', () => {
  it('turns the connection’s automatic checkpoints off and checkpoints on its thread, keeping the WAL bounded', async () => {
    const { database, file } = openDatabase()
    const checkpointer = new WalCheckpointer(database, file, { walPagesThreshold: 64, checkIntervalMs: 5 })
    cleanups.push(async () => {
      await checkpointer.close()
      database.close()
    })
    expect(database.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
    const databaseBytesBefore = statSync(file).size

    // ~2 MiB in small commits: without a checkpoint all of it would stay in the WAL.
    for (let round = 0; round < 40; round++) {
      write(database, 50)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    // Only a checkpoint copies pages into the database file; this connection never runs one.
    await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(databaseBytesBefore + 1024 * 1024), {
      timeout: 5000,
      interval: 20,
    })
    // The WAL started over after checkpoints: far below the 2 MiB written.
    // Once a checkpoint has caught up, the next commit starts the WAL over and cuts the file back
    // to the threshold (256 KiB here): far below the ~2 MiB written.
    await vi.waitFor(
      () => {
        write(database, 1)
        expect(statSync(`${file}-wal`).size).toBeLessThan(512 * 1024)
      },
      { timeout: 5000, interval: 20 },
    )
    expect(checkpointer.active).toBe(true)
  })

  it('a store closes its thread first, so its own close folds the WAL in and removes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowcerta-wal-store-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const file = join(dir, 'store.db')
    const store = new SqliteStore({ filename: file })
    await store.migrate()
    await store.close()
    expect(existsSync(`${file}-wal`)).toBe(false)
    // Reopens cleanly with everything there.
    const again = new SqliteStore({ filename: file })
    expect((await again.migrate()).applied).toEqual([])
    await again.close()
  })

  it('falls back to automatic checkpoints when the thread cannot start', async () => {
    const { database, file } = openDatabase()
    const checkpointer = new WalCheckpointer(database, file, {
      walPagesThreshold: 16,
      checkIntervalMs: 5,
      driverPath: join(tmpdir(), 'no-such-driver-module.js'),
    })
    cleanups.push(async () => {
      await checkpointer.close()
      database.close()
    })
    write(database, 100)
    await vi.waitFor(() => expect(checkpointer.active).toBe(false), { timeout: 5000, interval: 10 })
    expect(database.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
    write(database, 10) // the connection still works
  })
})
