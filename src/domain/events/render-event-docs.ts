/**
 * Renders docs/events.md from the event JSON Schemas (the one source). `npm run docs:events`
 * writes the file; a test fails when the committed file differs from what this renders.
 */
import { EVENT_TYPES, type EventType } from './event-schemas.js'

interface SchemaNode {
  type?: string | string[]
  properties?: Record<string, SchemaNode>
  required?: string[]
  items?: SchemaNode
  enum?: unknown[]
  format?: string
  maxItems?: number
  description?: string
}

function typeText(node: SchemaNode): string {
  const type = Array.isArray(node.type) ? node.type.join(' \\| ') : (node.type ?? 'any')
  const extras: string[] = []
  if (node.format) extras.push(node.format)
  if (node.enum) extras.push(node.enum.map((value) => JSON.stringify(value)).join(', '))
  if (node.maxItems !== undefined) extras.push(`at most ${node.maxItems}`)
  return extras.length > 0 ? `${type} (${extras.join('; ')})` : type
}

function fieldRows(node: SchemaNode, prefix: string, rows: string[]): void {
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const path = `${prefix}${name}`
    const required = node.required?.includes(name) ? 'yes' : 'no'
    rows.push(`| \`${path}\` | ${typeText(child)} | ${required} |`)
    if (child.properties) fieldRows(child, `${path}.`, rows)
    if (child.items?.properties) fieldRows(child.items, `${path}[].`, rows)
  }
}

function renderEvent(type: EventType): string {
  const schema = type.schema as SchemaNode
  const data = schema.properties?.data ?? {}
  const rows: string[] = ['| field | type | required |', '|---|---|---|']
  fieldRows(data, 'data.', rows)
  return [
    `## \`${type.name}\``,
    '',
    type.description,
    '',
    rows.join('\n'),
    '',
    'Example:',
    '',
    '```json',
    JSON.stringify(type.example, null, 2),
    '```',
    '',
  ].join('\n')
}

export function renderEventDocs(): string {
  return [
    '# Events',
    '',
    '<!-- Generated from src/domain/events/event-schemas.ts by `npm run docs:events`. Do not edit by hand. -->',
    '',
    'Every event is stored and delivered in one envelope, `{event, orgId, occurredAt, data}`, written in the',
    'same transaction as the change that caused it. `GET /api/v1/event-types` serves the same JSON Schemas.',
    '',
    '## Delivery headers',
    '',
    '| header | value |',
    '|---|---|',
    '| `Content-Type` | `application/json` |',
    '| `X-Flowcerta-Event` | The event name, e.g. `validation.completed`. |',
    '| `X-Flowcerta-Delivery` | Unique delivery id, the same on every retry and redelivery. Use it to dedupe. |',
    '| `X-Flowcerta-Signature` | `sha256=<hex>` — HMAC-SHA256 of the raw request body keyed by the webhook secret. |',
    '| `X-Flowcerta-Target` | The configured target adapter: `generic`, `slack` or `teams`. |',
    '',
    ...EVENT_TYPES.map(renderEvent),
  ].join('\n')
}
