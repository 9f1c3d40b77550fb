/**
 * SQL written as text, for the few statements on the delivery engine's hot path that carry a
 * value per delivery (the attempt-log INSERT, the completion and lease UPDATEs, the claimed rows'
 * SELECT). Everywhere else queries go through Kysely's builder; here its cost per bound value —
 * parsing, freezing and compiling a node for each — came to more CPU per delivery than SQLite
 * spent running the statements (bench/README.md, "Webhook delivery"). Text is written with `?`
 * placeholders in SQL both engines accept; where the store's `sqlPlaceholders` capability says
 * `$n` (PostgreSQL) it gets `$1…$n`, converted once per text.
 */
import { CompiledQuery, type Kysely } from 'kysely'
import type { Database } from './database.js'
import type { StoreCapabilities } from './store.js'

/** `?, ?, …` — `count` placeholders for an `in (…)` list or a row of values. */
export function placeholders(count: number): string {
  return count <= 0 ? '' : `?${', ?'.repeat(count - 1)}`
}

const NUMBERED_CACHE_SIZE = 500
const numberedTexts = new Map<string, string>()

/** The text with PostgreSQL's numbered placeholders. The texts here hold no `?` inside literals. */
function numbered(text: string): string {
  let converted = numberedTexts.get(text)
  if (converted === undefined) {
    let index = 0
    converted = text.replace(/\?/g, () => `$${++index}`)
    if (numberedTexts.size >= NUMBERED_CACHE_SIZE) numberedTexts.clear()
    numberedTexts.set(text, converted)
  }
  return converted
}

/** The capability runSqlText reads: the store's own, or a Pick of it. */
export type SqlTextCapabilities = Pick<StoreCapabilities, 'sqlPlaceholders'>

/** Runs `text` with its `?` placeholders bound to `parameters`, in order; returns its rows. */
export async function runSqlText<Row>(
  db: Kysely<Database>,
  capabilities: SqlTextCapabilities,
  text: string,
  parameters: readonly unknown[],
): Promise<Row[]> {
  const compiled = capabilities.sqlPlaceholders === '$n' ? numbered(text) : text
  const result = await db.executeQuery<Row>(CompiledQuery.raw(compiled, [...parameters]))
  return result.rows
}

/**
 * A text that starts with this, a name and the comment's end runs as a named prepared statement on PostgreSQL
 * (postgres/postgres-store.ts): parsed and planned once per connection, then only bound and run.
 * Only for texts that never change (array parameters, not lists of placeholders): each name keeps
 * one statement per connection for the connection's life.
 */
export const PREPARED_STATEMENT_PREFIX = '/* prepared:'

/**
 * Runs a fixed text written with PostgreSQL's `$n` placeholders as the prepared statement `name`
 * (a plain query where the engine has no such thing); returns its rows.
 */
export async function runPreparedSqlText<Row>(
  db: Kysely<Database>,
  name: string,
  text: string,
  parameters: readonly unknown[],
): Promise<Row[]> {
  const compiled = CompiledQuery.raw(`${PREPARED_STATEMENT_PREFIX}${name} */ ${text}`, [...parameters])
  const result = await db.executeQuery<Row>(compiled)
  return result.rows
}
