/**
 * Helpers shared by several Power Automate rules (not rules): which values are literal text,
 * which steps call what, and the expression calls a step makes.
 *
 * @module
 */
import type { FlowModel, FlowStep, FlowValue } from '../../../power-automate/flow-model.js'
import type { CallNode } from '../../../power-automate/workflow-expression.js'

/**
 * The literal text parts of a value: the whole string for a literal (a leading `@@` read as `@`),
 * the text between `@{…}` parts for an interpolation, nothing for an expression. Each part is
 * what the author typed, so a rule that reports "hardcoded" reads only these.
 */
export function literalParts(value: FlowValue): string[] {
  // The kind comes from the text: only an interpolation needs its parse (where each `@{…}` ends).
  const kind = value.kind
  if (kind === 'literal') {
    const text = value.node.value
    return [text.startsWith('@@') ? text.slice(1) : text]
  }
  if (kind === 'expression') return []
  const parts: string[] = []
  for (const segment of value.template.segments) if (segment.kind === 'text') parts.push(segment.text)
  return parts
}

/** True when the whole value is typed text (no expression anywhere in it). */
export function isLiteral(value: FlowValue): boolean {
  return value.kind === 'literal'
}

/**
 * Values a step sends when it runs: under `inputs`, except JSON schemas (a trigger's or a
 * Response's `schema` describes fields, it holds no data).
 */
export function isRunInput(value: FlowValue): boolean {
  return value.runInput
}

/** The run inputs of every step, grouped by step in document order. */
export function runInputs(flow: FlowModel): FlowValue[] {
  return flow.values.filter(isRunInput)
}

/** Every call in a value's expressions, depth-first (parsed once per distinct text of the flow). */
export function callsOf(value: FlowValue): readonly CallNode[] {
  return value.calls
}

/** The built-in HTTP action (`Http`), not a connector. */
export function isHttpAction(step: FlowStep): boolean {
  return step.role === 'action' && step.type.toLowerCase() === 'http'
}

/** The method an HTTP action or ApiConnection step uses, upper case, when written literally. */
export function methodOf(step: FlowStep): string | undefined {
  if (step.connector?.method !== undefined) return step.connector.method.toUpperCase()
  const inputs = step.inputs
  const method = inputs?.kind === 'object' ? inputs.get('method') : undefined
  return method?.kind === 'string' && !method.value.startsWith('@') ? method.value.toUpperCase() : undefined
}

/** `abc…xyz (40 characters)`: enough to find a secret in the file, not enough to use it. */
export function maskSecret(secret: string): string {
  return `${secret.length} characters, masked`
}
