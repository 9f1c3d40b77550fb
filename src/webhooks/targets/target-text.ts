/**
 * Text helpers shared by the Slack and Teams renderers: reading untrusted event data without
 * throwing, escaping user strings for each platform, and truncating to a platform limit without
 * breaking an escape sequence or a surrogate pair.
 *
 * Order matters: escape first, then truncate, so a limit always holds on the escaped text that is
 * actually sent (escaping lengthens `&` to `&amp;`).
 */

/** The suffix a truncated string ends with. */
export const ELLIPSIS = '…'

/** `…and 3 more findings` */
export function andMore(count: number, noun: string): string {
  return `${ELLIPSIS}and ${count} more ${noun}`
}

/**
 * Slack mrkdwn's formatting markers and the look-alike each one becomes in user text. Slack has no
 * escape character for them (a backslash shows up as a backslash), so the only way to keep
 * `*bold*`, `_it_`, `~struck~` or `` `code` `` literal is to send a character that looks the same
 * and that Slack does not parse. The full-width forms are listed because Slack parses them too.
 */
export const SLACK_MARKER_LOOKALIKES: Readonly<Record<string, string>> = Object.freeze({
  '*': '\u2217', // ∗ ASTERISK OPERATOR
  '＊': '\ufe61', // ﹡ SMALL ASTERISK
  _: '\u02cd', // ˍ MODIFIER LETTER LOW MACRON
  '＿': '\u2e0f', // ⸏ PARAGRAPHOS
  '~': '\u223c', // ∼ TILDE OPERATOR
  '～': '\u223c',
  '`': '\u02cb', // ˋ MODIFIER LETTER GRAVE ACCENT
  '｀': '\u02cb',
})

/**
 * Slack opens and closes `*`, `_` and `~` only at a word boundary, so a marker between two letters
 * or digits (`Invoice_Processing.xaml`, `ops_lead@example.com`) is already inert and is kept, which
 * keeps file names and addresses copyable. Every other one is replaced, and every backtick
 * (code spans are not bound to word boundaries).
 */
const SLACK_MARKER = /(?<![\p{L}\p{N}])[*_~＊＿～]|[*_~＊＿～](?![\p{L}\p{N}])|[`｀]/gu

/** A `>` starting a line (already `&gt;`, or full-width) would open a block quote. */
const SLACK_QUOTE_AT_LINE_START = /(^|\n)(&gt;|＞)/g

/** Invisible, and not a line start: put before a quote marker, the line no longer quotes. */
const SOFT_HYPHEN = '\u00ad'

/**
 * User text as Slack mrkdwn that renders exactly as given: `&`, `<` and `>` become entities (the
 * only characters Slack asks senders to escape, so `<!channel>`, `<@U123>` and `<http://x|y>` stay
 * text), formatting markers become look-alikes ({@link SLACK_MARKER_LOOKALIKES}), and a `>` at the
 * start of a line (the text may be placed at one) is preceded by a soft hyphen so it cannot quote.
 */
export function escapeSlack(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(SLACK_MARKER, (marker) => SLACK_MARKER_LOOKALIKES[marker] ?? marker)
    .replace(SLACK_QUOTE_AT_LINE_START, `$1${SOFT_HYPHEN}$2`)
}

/**
 * Teams MessageCard text (markdown plus a little HTML): HTML-escape `&`, `<`, `>`, and
 * backslash-escape the markdown characters that make emphasis, code, headings, tables or links,
 * so `*bold*`, `[click](http://evil)` or `<a href>` in a file name stay literal.
 */
export function escapeTeams(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_~[\]#|]/g, '\\$&')
}

/**
 * At most `max` UTF-16 code units, ending with `suffix` when cut. The cut never leaves half of an
 * HTML entity (`&am`), a dangling escaping backslash, or a lone high surrogate.
 */
export function truncate(text: string, max: number, suffix: string = ELLIPSIS): string {
  if (text.length <= max) return text
  if (max <= suffix.length) return suffix.slice(0, Math.max(0, max))
  let cut = text.slice(0, max - suffix.length)
  cut = cut.replace(/&[a-z#0-9]{0,6}$/i, '')
  const trailingBackslashes = /\\+$/.exec(cut)?.[0].length ?? 0
  if (trailingBackslashes % 2 === 1) cut = cut.slice(0, -1)
  const last = cut.charCodeAt(cut.length - 1)
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1)
  return cut + suffix
}

/** Untrusted event data: a plain object, or an empty one. */
export type Data = Readonly<Record<string, unknown>>

export function asData(value: unknown): Data {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Data) : {}
}

/** A value as display text: strings as they are, numbers and booleans spelled, anything else JSON. */
export function textOf(value: unknown, fallback = '—'): string {
  if (typeof value === 'string') return value.length > 0 ? value : fallback
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (value === null || value === undefined) return fallback
  try {
    return JSON.stringify(value) ?? fallback
  } catch {
    return fallback
  }
}

export function numberOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

export function listOf(value: unknown): Data[] {
  return Array.isArray(value) ? value.map(asData) : []
}

/** Longer ids are not ids (they are UUIDs): such a link points at the section instead. */
const MAX_LINK_ID_CHARS = 128

/**
 * `<publicUrl>/<section>/<id>`, the id percent-encoded so it cannot leave the path; a missing or
 * oversized id links to `<publicUrl>/<section>`, so a link stays short whatever the data.
 */
export function flowcertaLink(publicUrl: string, section: 'results' | 'exceptions', id: unknown): string {
  const base = `${publicUrl.replace(/\/+$/, '')}/${section}`
  const text = typeof id === 'string' || typeof id === 'number' ? String(id) : ''
  if (text.length === 0 || text.length > MAX_LINK_ID_CHARS) return base
  return `${base}/${encodeURIComponent(text)}`
}

/** The parsed envelope, or null when the stored text is not a JSON object. */
export interface ParsedEnvelope {
  event: string
  orgId: string
  occurredAt: string
  data: Data
}

export function parseEnvelope(envelopeJson: string): ParsedEnvelope | null {
  let parsed: unknown
  try {
    parsed = JSON.parse(envelopeJson)
  } catch {
    return null
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null
  const envelope = parsed as Data
  return {
    event: textOf(envelope.event, 'unknown'),
    orgId: textOf(envelope.orgId, ''),
    occurredAt: textOf(envelope.occurredAt, ''),
    data: asData(envelope.data),
  }
}

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const

/**
 * What `exception.expiring_soon` asks the owner to do, beside the link to the exception (the
 * renewal step: `POST /api/v1/exceptions/{id}/renew`). Plain text: no escaping needed on
 * either platform.
 */
export const RENEWAL_STEP_TEXT =
  'To keep it, open the exception and ask for a renewal with a new expiry date and a reason. Its findings stay waived while an admin decides.'
