/**
 * Renders docs/events.md from the event JSON Schemas (the one source). `npm run docs:events`
 * writes the file; a test fails when the committed file differs from what this renders.
 * The per-target examples (the slack and teams bodies of each event's example) come from the
 * webhook renderers, passed in by the caller so this domain module imports nothing above it.
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

/** The body each non-generic target sends for an envelope (JSON text), e.g. renderBody. */
export interface TargetExampleRenderer {
  /** Base URL the example links use. */
  publicUrl: string
  targets: readonly { name: string; title: string; render: (envelopeJson: string) => string }[]
}

function targetExamples(type: EventType, renderer: TargetExampleRenderer): string[] {
  const envelopeJson = JSON.stringify(type.example)
  return renderer.targets.flatMap((target) => [
    `${target.title} (\`target: "${target.name}"\`):`,
    '',
    '```json',
    JSON.stringify(JSON.parse(target.render(envelopeJson)), null, 2),
    '```',
    '',
  ])
}

function renderEvent(type: EventType, renderer: TargetExampleRenderer): string {
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
    'Example (`target: "generic"`, the envelope as sent):',
    '',
    '```json',
    JSON.stringify(type.example, null, 2),
    '```',
    '',
    ...targetExamples(type, renderer),
  ].join('\n')
}

export function renderEventDocs(renderer: TargetExampleRenderer): string {
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
    '## Targets',
    '',
    '- `generic`: the envelope JSON text, byte for byte.',
    '- `slack`: a Slack Block Kit message (`text` + `blocks`) for an incoming webhook.',
    '- `teams`: an Office 365 connector MessageCard for a Teams incoming webhook.',
    '',
    'The body is rendered once, at the first attempt, and sent byte for byte on every retry and',
    'redelivery; `X-Flowcerta-Signature` is computed over exactly those bytes. User strings (file names,',
    'labels, reasons, descriptions) are escaped for the target, so they never become mentions, links or',
    'formatting, and the bodies stay within the platform limits (Slack: 50 blocks, 3,000 characters per',
    'text, 10 fields per section, 150 characters per header; Teams: 28 KB), truncating with "…and N more".',
    `Links point at \`FLOWCERTA_PUBLIC_URL\` (\`${renderer.publicUrl}\` in these examples):`,
    '`/results/{validationId}` and `/exceptions/{exceptionId}`.',
    '',
    ...EVENT_TYPES.map((type) => renderEvent(type, renderer)),
  ].join('\n')
}
