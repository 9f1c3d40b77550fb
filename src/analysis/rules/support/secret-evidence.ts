/**
 * Names are a hint, values are the evidence: for a variable or argument whose *name* says it holds
 * a secret (FC-UIP-SEC-003, FC-UIP-SEC-004), what the data-flow analysis knows about the values
 * written to it. A variable named `token` that only ever receives an OAuth endpoint URL holds no
 * secret; one that receives a converted credential does, whatever its name.
 *
 * @module
 */
import type { SymbolWrite } from '../../dataflow/workflow-flow.js'
import { credentialShapeOf } from './credential-shapes.js'

/**
 * - `secret`: some value written is a secret (or a SecureString) by data flow;
 * - `not-secret`: it is written, and every value is clearly not a credential (a URL or path
 *   constant, a setting keyed like an address): the name misleads;
 * - `unknown`: nothing written in this file, or values the analysis cannot judge (an API
 *   response, an activity output): the name stays the hint it is.
 */
export type WrittenValuesVerdict = 'secret' | 'not-secret' | 'unknown'

const URL_OR_PATH = /^(?:[a-z][a-z0-9+.-]*:\/\/\S+|[A-Za-z]:\\\S*|\\\\\S+)$/iu
const ADDRESS_KEY =
  /\(\s*"[^"]*(?:url|uri|endpoint|address|host|server|path|folder|file)"\s*\)(?:\s*\.\s*ToString(?:\s*\(\s*\))?)?$/iu
const EMPTY = /^(?:""|String\s*\.\s*Empty|string\s*\.\s*Empty|Nothing|null)$/u

/** The constant a written text stands for: a literal as is, a string-literal expression unquoted. */
function constantOf(text: string): string {
  const trimmed = text.trim()
  const quoted = /^"((?:[^"]|"")*)"$/u.exec(trimmed)
  return quoted ? (quoted[1] ?? '').replaceAll('""', '"') : trimmed
}

function clearlyNotCredential(text: string): boolean {
  const value = constantOf(text)
  if (URL_OR_PATH.test(value)) return credentialShapeOf(value) === undefined
  return ADDRESS_KEY.test(text.trim())
}

export function writtenValuesVerdict(writes: readonly SymbolWrite[] | undefined): WrittenValuesVerdict {
  if (writes === undefined || writes.length === 0) return 'unknown'
  if (writes.some((write) => write.kinds.includes('secret') || write.kinds.includes('secure')))
    return 'secret'
  const meaningful = writes.filter((write) => write.text === undefined || !EMPTY.test(write.text.trim()))
  if (meaningful.length === 0) return 'unknown'
  return meaningful.every((write) => write.text !== undefined && clearlyNotCredential(write.text))
    ? 'not-secret'
    : 'unknown'
}
