/**
 * Converters for the storage conventions in database.ts that both engines share: booleans are
 * integers 0/1 and structured data is JSON text. Use them at the edge of a repository so domain
 * objects carry real booleans and objects.
 */

export function boolToDb(value: boolean): 0 | 1 {
  return value ? 1 : 0
}

export function boolFromDb(value: number | bigint | boolean): boolean {
  return value === true || Number(value) === 1
}

export function jsonToDb(value: unknown): string {
  return JSON.stringify(value)
}

export function jsonFromDb<T>(value: string): T {
  return JSON.parse(value) as T
}
