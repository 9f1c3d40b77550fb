/**
 * Identifiers. Every id Flowcerta issues is a UUID v7 (time-ordered), as in the spec's payloads,
 * so ids sort by creation time and index well.
 */
import { validate as uuidValidate, v7 as uuidv7 } from 'uuid'

/** A new time-ordered UUID (v7). */
export function newId(): string {
  return uuidv7()
}

/** True when `value` is a syntactically valid UUID (any version). */
export function isUuid(value: string): boolean {
  return uuidValidate(value)
}
