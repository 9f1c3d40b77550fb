/**
 * The `teams` target: an Office 365 connector MessageCard (`@type: MessageCard`) per event, for a
 * Teams incoming webhook / connector. Every user string is escaped for the card's markdown (and
 * its HTML), so `*bold*`, `[link](url)` or `<a>` in a file name stay literal, and the serialized
 * card stays under the connector's 28 KB limit whatever the data: strings are cut first, then the
 * findings list shrinks, and as a last resort the card keeps only its title and link.
 */
import {
  andMore,
  asData,
  type Data,
  escapeTeams,
  flowcertaLink,
  listOf,
  numberOf,
  type ParsedEnvelope,
  RENEWAL_STEP_TEXT,
  SEVERITIES,
  textOf,
  truncate,
} from './target-text.js'

export interface MessageCardFact {
  name: string
  value: string
}

export interface MessageCardSection {
  activityTitle?: string
  activitySubtitle?: string
  text?: string
  facts?: MessageCardFact[]
  markdown?: boolean
}

export interface MessageCardOpenUri {
  '@type': 'OpenUri'
  name: string
  targets: { os: 'default'; uri: string }[]
}

export interface MessageCard {
  '@type': 'MessageCard'
  '@context': 'https://schema.org/extensions'
  summary: string
  themeColor: string
  title: string
  sections: MessageCardSection[]
  potentialAction?: MessageCardOpenUri[]
}

/** The connector rejects larger payloads (28 KB); this leaves room for HTTP framing. */
export const TEAMS_MAX_BYTES = 28 * 1024 - 512

/** Per-render string budgets; the renderer retries with smaller ones until the card fits. */
interface Budget {
  /** Characters per short value (fact values, titles). */
  value: number
  /** Characters per long text (descriptions, reasons). */
  long: number
  /** Findings listed. */
  findings: number
}

const BUDGETS: readonly Budget[] = [
  { value: 500, long: 1000, findings: 10 },
  { value: 200, long: 300, findings: 10 },
  { value: 100, long: 150, findings: 5 },
  { value: 60, long: 80, findings: 3 },
]

export const THEME = {
  passed: '2EB886',
  failed: 'D13438',
  warning: 'F2C744',
  info: '0078D7',
} as const

const SEVERITY_THEME: Record<string, string> = {
  critical: 'D13438',
  high: 'E8590C',
  medium: 'F2C744',
  low: '8A8886',
}

function openUri(name: string, uri: string): MessageCardOpenUri[] {
  return [{ '@type': 'OpenUri', name, targets: [{ os: 'default', uri }] }]
}

function card(fields: Omit<MessageCard, '@type' | '@context'>): MessageCard {
  return { '@type': 'MessageCard', '@context': 'https://schema.org/extensions', ...fields }
}

type Renderer = (data: Data, publicUrl: string, budget: Budget) => MessageCard

function validationCompleted(data: Data, publicUrl: string, budget: Budget): MessageCard {
  const user = (value: unknown, fallback?: string) =>
    truncate(escapeTeams(textOf(value, fallback)), budget.value)
  const passed = data.passed === true
  const outcome = passed ? 'passed' : 'failed'
  const score = user(data.score, '?')
  const summary = asData(data.summary)
  const findings = listOf(data.findings)
  const shown = findings.slice(0, budget.findings)
  const total = Math.max(numberOf(summary.total) ?? 0, findings.length)
  const worst = SEVERITIES.find((name) => (numberOf(summary[name]) ?? 0) > 0)
  const sections: MessageCardSection[] = [
    {
      activityTitle: `Validation ${outcome} — score ${score}/100`,
      facts: [
        { name: 'File', value: user(data.fileName) },
        { name: 'Label', value: user(data.label) },
        { name: 'Policy pack', value: user(data.policyPackSlug) },
        { name: 'Enforcement mode', value: user(data.enforcementMode) },
        {
          name: 'Findings',
          value: `${SEVERITIES.map((name) => `${name} ${user(summary[name], '0')}`).join(' · ')} · total ${user(summary.total, '0')}`,
        },
      ],
    },
  ]
  if (shown.length > 0) {
    const lines = shown.map(
      (finding) =>
        `**${user(finding.ruleId)}** (${user(finding.severity)}) at ${user(finding.location)}: ` +
        truncate(escapeTeams(textOf(finding.description)), budget.long),
    )
    if (total > shown.length) lines.push(`${andMore(total - shown.length, 'findings')} in the full result`)
    sections.push({ activityTitle: `Top findings (${shown.length} of ${total})`, text: lines.join('\n\n') })
  }
  return card({
    summary: truncate(
      `Flowcerta validation ${outcome} (score ${score}): ${user(data.fileName)}`,
      budget.value,
    ),
    themeColor: passed ? THEME.passed : (SEVERITY_THEME[worst ?? ''] ?? THEME.failed),
    title: `${passed ? '✅' : '❌'} Flowcerta validation ${outcome} — score ${score}/100`,
    sections,
    potentialAction: openUri('View result', flowcertaLink(publicUrl, 'results', data.validationId)),
  })
}

function belowThreshold(data: Data, publicUrl: string, budget: Budget): MessageCard {
  const user = (value: unknown, fallback?: string) =>
    truncate(escapeTeams(textOf(value, fallback)), budget.value)
  const score = user(data.score, '?')
  const threshold = user(data.threshold, '?')
  return card({
    summary: truncate(
      `Flowcerta score ${score} is below the threshold ${threshold}: ${user(data.fileName)}`,
      budget.value,
    ),
    themeColor: THEME.warning,
    title: `⚠️ Flowcerta score ${score} is below the threshold of ${threshold}`,
    sections: [
      {
        activitySubtitle: user(data.fileName),
        facts: [
          { name: 'File', value: user(data.fileName) },
          { name: 'Label', value: user(data.label) },
          { name: 'Score', value: `${score} / 100` },
          { name: 'Threshold', value: threshold },
          { name: 'Policy pack', value: user(data.policyPackSlug) },
          { name: 'Platform', value: user(data.platform) },
        ],
      },
    ],
    potentialAction: openUri('View result', flowcertaLink(publicUrl, 'results', data.validationId)),
  })
}

function expiringSoon(data: Data, publicUrl: string, budget: Budget): MessageCard {
  const user = (value: unknown, fallback?: string) =>
    truncate(escapeTeams(textOf(value, fallback)), budget.value)
  const days = numberOf(data.daysRemaining)
  const inDays = days === null ? 'soon' : days === 1 ? 'in 1 day' : `in ${days} days`
  return card({
    summary: truncate(
      `Flowcerta risk exception for ${user(data.ruleId)} on ${user(data.fileName)} expires ${inDays}`,
      budget.value,
    ),
    themeColor: days !== null && days <= 1 ? THEME.failed : THEME.warning,
    title: `⏳ Flowcerta risk exception expires ${inDays}`,
    sections: [
      {
        facts: [
          { name: 'Rule', value: user(data.ruleId) },
          { name: 'File', value: user(data.fileName) },
          { name: 'Location', value: user(data.location) },
          { name: 'Days remaining', value: user(data.daysRemaining, '?') },
          { name: 'Expires at', value: user(data.expiresAt) },
          { name: 'Owner', value: user(data.requestedByEmail) },
        ],
        text: `**Reason:** ${truncate(escapeTeams(textOf(data.reason)), budget.long)}`,
      },
      { text: RENEWAL_STEP_TEXT },
    ],
    potentialAction: openUri('Renew exception', flowcertaLink(publicUrl, 'exceptions', data.exceptionId)),
  })
}

function webhookTest(data: Data, _publicUrl: string, budget: Budget): MessageCard {
  return card({
    summary: 'Flowcerta webhook test',
    themeColor: THEME.passed,
    title: '✅ Flowcerta webhook test',
    sections: [
      {
        text: 'This channel receives Flowcerta events.',
        facts: [
          { name: 'Message', value: truncate(escapeTeams(textOf(data.message)), budget.value) },
          { name: 'Webhook', value: truncate(escapeTeams(textOf(data.webhookId)), budget.value) },
        ],
      },
    ],
  })
}

const RENDERERS: Record<string, Renderer> = {
  'validation.completed': validationCompleted,
  'validation.below_threshold': belowThreshold,
  'exception.expiring_soon': expiringSoon,
  'webhook.test': webhookTest,
}

/** An event without a layout (or an unreadable envelope): name and time only. */
function otherEvent(envelope: ParsedEnvelope | null): MessageCard {
  const name = envelope === null ? 'event' : `event ${textOf(envelope.event)}`
  return card({
    summary: truncate(escapeTeams(`Flowcerta ${name}`), 200),
    themeColor: THEME.info,
    title: truncate(escapeTeams(`Flowcerta ${name}`), 200),
    sections: [
      { facts: [{ name: 'Occurred at', value: truncate(escapeTeams(envelope?.occurredAt || '—'), 100) }] },
    ],
  })
}

function byteSize(value: MessageCard): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8')
}

export function renderTeamsMessageCard(envelope: ParsedEnvelope | null, publicUrl: string): MessageCard {
  const render = envelope === null ? undefined : RENDERERS[envelope.event]
  if (render === undefined || envelope === null) return otherEvent(envelope)
  for (const budget of BUDGETS) {
    const rendered = render(envelope.data, publicUrl, budget)
    if (byteSize(rendered) <= TEAMS_MAX_BYTES) return rendered
  }
  // Only reachable with pathological input (e.g. a multi-kilobyte id): title and link only.
  const smallest = render(envelope.data, publicUrl, BUDGETS[BUDGETS.length - 1]!)
  const minimal = card({
    summary: truncate(smallest.summary, 200),
    themeColor: smallest.themeColor,
    title: truncate(smallest.title, 200),
    sections: [{ text: 'Details did not fit in a Teams message; open the result in Flowcerta.' }],
    ...(smallest.potentialAction ? { potentialAction: smallest.potentialAction } : {}),
  })
  if (byteSize(minimal) <= TEAMS_MAX_BYTES) return minimal
  const { potentialAction: _dropped, ...withoutLink } = minimal
  return withoutLink
}
