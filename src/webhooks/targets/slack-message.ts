/**
 * The `slack` target: a Block Kit message (`text` fallback for notifications + `blocks`) per event,
 * for a Slack incoming webhook. Every user string (file names, labels, reasons, descriptions, …)
 * is escaped by `escapeSlack` (entities for `&`, `<`, `>`; look-alikes for the formatting markers)
 * so it can never become a mention, a link or formatting, and every Slack limit
 * holds whatever the data: at most 50 blocks, 3,000 characters per text, 2,000 per field, 10 fields
 * per section, 150 per header, 10 context elements; what does not fit ends with "…and N more".
 */
import type { ActionsBlock, ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types'
import {
  andMore,
  asData,
  type Data,
  escapeSlack,
  flowcertaLink,
  listOf,
  numberOf,
  type ParsedEnvelope,
  RENEWAL_STEP_TEXT,
  SEVERITIES,
  textOf,
  truncate,
} from './target-text.js'

/** What the Slack renderer returns: the JSON body of an incoming-webhook POST. */
export interface SlackMessage {
  /** Notification / fallback text (mrkdwn, escaped). */
  text: string
  blocks: KnownBlock[]
}

export const SLACK_LIMITS = {
  blocks: 50,
  text: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  headerText: 150,
  buttonText: 75,
  url: 3000,
  contextElements: 10,
} as const

/** Findings shown as their own blocks; the rest are counted in "…and N more findings". */
export const SLACK_MAX_FINDINGS = 10
/** A finding's description is cut here so the list reads at a glance (the result has the rest). */
const FINDING_DESCRIPTION_CHARS = 300
/** A field's value is cut here: fields sit in two narrow columns. */
const FIELD_VALUE_CHARS = 300

const SEVERITY_ICON: Record<string, string> = {
  critical: ':red_circle:',
  high: ':large_orange_circle:',
  medium: ':large_yellow_circle:',
  low: ':white_circle:',
}

/** A user string as mrkdwn-safe text. */
function user(value: unknown, fallback?: string): string {
  return escapeSlack(textOf(value, fallback))
}

function header(text: string): HeaderBlock {
  return {
    type: 'header',
    text: { type: 'plain_text', text: truncate(text, SLACK_LIMITS.headerText), emoji: true },
  }
}

function section(mrkdwn: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(mrkdwn, SLACK_LIMITS.text) } }
}

/** `*Label*\nvalue`; `value` is already escaped. */
function field(label: string, value: string): { type: 'mrkdwn'; text: string } {
  return {
    type: 'mrkdwn',
    text: truncate(`*${label}*\n${truncate(value, FIELD_VALUE_CHARS)}`, SLACK_LIMITS.fieldText),
  }
}

function fields(entries: readonly { type: 'mrkdwn'; text: string }[]): SectionBlock {
  return { type: 'section', fields: entries.slice(0, SLACK_LIMITS.fieldsPerSection) }
}

function context(mrkdwn: string): ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(mrkdwn, SLACK_LIMITS.text) }] }
}

function button(label: string, url: string, style?: 'primary' | 'danger'): ActionsBlock {
  return {
    type: 'actions',
    elements: [
      {
        type: 'button',
        text: { type: 'plain_text', text: truncate(label, SLACK_LIMITS.buttonText) },
        url: url.slice(0, SLACK_LIMITS.url),
        ...(style ? { style } : {}),
      },
    ],
  }
}

function severitySummary(summary: Data): string {
  const parts = SEVERITIES.map((name) => `${SEVERITY_ICON[name]} ${name} *${user(summary[name], '0')}*`)
  return `${parts.join('  ·  ')}  ·  total *${user(summary.total, '0')}*`
}

function validationCompleted(data: Data, publicUrl: string): SlackMessage {
  const passed = data.passed === true
  const score = user(data.score, '?')
  const outcome = passed ? 'passed' : 'failed'
  const summary = asData(data.summary)
  const findings = listOf(data.findings)
  const shown = findings.slice(0, SLACK_MAX_FINDINGS)
  const total = Math.max(numberOf(summary.total) ?? 0, findings.length)
  const blocks: KnownBlock[] = [
    header(`${passed ? '✅' : '❌'} Validation ${outcome} — score ${score}/100`),
    fields([
      field('File', user(data.fileName)),
      field('Label', user(data.label)),
      field('Policy pack', user(data.policyPackSlug)),
      field('Enforcement mode', user(data.enforcementMode)),
    ]),
    section(`*Findings by severity*\n${severitySummary(summary)}`),
  ]
  if (shown.length > 0) {
    blocks.push({ type: 'divider' }, section(`*Top findings* (${shown.length} of ${total})`))
    for (const finding of shown) {
      const severity = textOf(finding.severity, 'unknown')
      const icon = SEVERITY_ICON[severity] ?? ':grey_question:'
      blocks.push(
        section(
          `${icon} *${user(finding.ruleId)}* · ${escapeSlack(severity)} · ${user(finding.location)}\n` +
            truncate(user(finding.description), FINDING_DESCRIPTION_CHARS),
        ),
      )
    }
    if (total > shown.length)
      blocks.push(context(`${andMore(total - shown.length, 'findings')} in the full result`))
  }
  blocks.push(button('View result', flowcertaLink(publicUrl, 'results', data.validationId), 'primary'))
  return {
    text: truncate(
      `${passed ? ':white_check_mark:' : ':x:'} Flowcerta validation ${outcome} (score ${score}/100): ${user(data.fileName)}`,
      SLACK_LIMITS.text,
    ),
    blocks,
  }
}

function belowThreshold(data: Data, publicUrl: string): SlackMessage {
  const score = user(data.score, '?')
  const threshold = user(data.threshold, '?')
  return {
    text: truncate(
      `:warning: Flowcerta score ${score} is below the threshold ${threshold}: ${user(data.fileName)}`,
      SLACK_LIMITS.text,
    ),
    blocks: [
      header(`⚠️ Score ${score} is below the threshold of ${threshold}`),
      section(`Health score *${score}*/100 is under the org's alert threshold of *${threshold}*.`),
      fields([
        field('File', user(data.fileName)),
        field('Label', user(data.label)),
        field('Score', `${score} / 100`),
        field('Threshold', threshold),
        field('Policy pack', user(data.policyPackSlug)),
        field('Platform', user(data.platform)),
      ]),
      button('View result', flowcertaLink(publicUrl, 'results', data.validationId), 'danger'),
    ],
  }
}

function expiringSoon(data: Data, publicUrl: string): SlackMessage {
  const days = numberOf(data.daysRemaining)
  const inDays = days === null ? 'soon' : days === 1 ? 'in 1 day' : `in ${days} days`
  return {
    text: truncate(
      `:hourglass_flowing_sand: Flowcerta risk exception for ${user(data.ruleId)} on ${user(data.fileName)} expires ${inDays}`,
      SLACK_LIMITS.text,
    ),
    blocks: [
      header(`⏳ Risk exception expires ${inDays}`),
      fields([
        field('Rule', user(data.ruleId)),
        field('File', user(data.fileName)),
        field('Location', user(data.location)),
        field('Days remaining', user(data.daysRemaining, '?')),
        field('Expires at', user(data.expiresAt)),
        field('Owner', user(data.requestedByEmail)),
      ]),
      section(`*Reason*\n${truncate(user(data.reason), 1000)}`),
      context(RENEWAL_STEP_TEXT),
      button('Renew exception', flowcertaLink(publicUrl, 'exceptions', data.exceptionId), 'primary'),
    ],
  }
}

function webhookTest(data: Data): SlackMessage {
  return {
    text: ':white_check_mark: Flowcerta webhook test: this channel receives Flowcerta events.',
    blocks: [
      section(':white_check_mark: *Flowcerta webhook test* — this channel receives Flowcerta events.'),
      context(`${truncate(user(data.message), 500)}  ·  webhook ${truncate(user(data.webhookId), 100)}`),
    ],
  }
}

/** An event this renderer has no layout for (or an unreadable envelope): name and time only. */
function otherEvent(envelope: ParsedEnvelope | null): SlackMessage {
  const name = envelope === null ? 'event' : `event ${escapeSlack(envelope.event)}`
  const text = truncate(`Flowcerta ${name}`, SLACK_LIMITS.text)
  const at = envelope?.occurredAt ? `  ·  ${escapeSlack(envelope.occurredAt)}` : ''
  return { text, blocks: [section(truncate(`*Flowcerta ${name}*${at}`, SLACK_LIMITS.text))] }
}

export function renderSlackMessage(envelope: ParsedEnvelope | null, publicUrl: string): SlackMessage {
  let message: SlackMessage
  switch (envelope?.event) {
    case 'validation.completed':
      message = validationCompleted(envelope.data, publicUrl)
      break
    case 'validation.below_threshold':
      message = belowThreshold(envelope.data, publicUrl)
      break
    case 'exception.expiring_soon':
      message = expiringSoon(envelope.data, publicUrl)
      break
    case 'webhook.test':
      message = webhookTest(envelope.data)
      break
    default:
      message = otherEvent(envelope)
  }
  // The layouts above stay far below 50 blocks; this only guards later additions.
  return { text: message.text, blocks: message.blocks.slice(0, SLACK_LIMITS.blocks) }
}
