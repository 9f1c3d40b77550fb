/**
 * The connectors a flow uses, as a DLP policy names them: a connector's API name
 * (`shared_sharepointonline`), or for the built-in operations that DLP policies also classify,
 * `http` (HTTP action), `httpwebhook` (HTTP Webhook) and `request` (the "When an HTTP request is
 * received" trigger).
 *
 * @module
 */
import type { FlowModel, FlowStep } from '../../../power-automate/flow-model.js'

export interface ConnectorUse {
  readonly connector: string
  /** The first step that uses it. */
  readonly step: FlowStep
  readonly uses: number
}

export function connectorOfStep(step: FlowStep): string | undefined {
  if (step.connector !== undefined) return step.connector.apiName.toLowerCase()
  const type = step.type.toLowerCase()
  if (type === 'http') return 'http'
  if (type === 'httpwebhook') return 'httpwebhook'
  if (step.role === 'trigger' && type === 'request' && (step.kind ?? '').toLowerCase() === 'http')
    return 'request'
  return undefined
}

/** Each connector once, at the first step (trigger first, then actions in document order) that uses it. */
export function connectorsUsed(flow: FlowModel): ConnectorUse[] {
  const used = new Map<string, { connector: string; step: FlowStep; uses: number }>()
  for (const step of [...flow.triggers, ...flow.actions]) {
    const connector = connectorOfStep(step)
    if (connector === undefined) continue
    const seen = used.get(connector)
    if (seen === undefined) used.set(connector, { connector, step, uses: 1 })
    else seen.uses++
  }
  return [...used.values()]
}
