/**
 * The slack and teams bodies: golden files for every event × target (test/fixtures/webhook-bodies,
 * `UPDATE_GOLDEN=1` rewrites them), Slack's Block Kit types and limits, Teams' MessageCard shape
 * and 28 KB limit on oversized input, and mention/link/markdown injection staying inert.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import type { KnownBlock } from '@slack/types'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { EVENT_TYPES } from '../../domain/events/event-schemas.js'
import { WEBHOOK_TARGETS } from '../../domain/webhook-targets.js'
import { renderBody } from '../delivery/render-body.js'
import { DOCS_PUBLIC_URL } from './event-docs-targets.js'
import { renderSlackMessage, SLACK_LIMITS, type SlackMessage } from './slack-message.js'
import { escapeSlack, escapeTeams, parseEnvelope, RENEWAL_STEP_TEXT, truncate } from './target-text.js'
import { type MessageCard, TEAMS_MAX_BYTES } from './teams-message-card.js'

const GOLDEN_DIR = new URL('../../../test/fixtures/webhook-bodies/', import.meta.url)
const PUBLIC_URL = DOCS_PUBLIC_URL
const TEAMS_CONNECTOR_LIMIT = 28 * 1024

const ajv = new Ajv2020({ allErrors: true, strict: false })
const validateMessageCard = ajv.compile(
  JSON.parse(
    readFileSync(new URL('../../../test/fixtures/teams-message-card.schema.json', import.meta.url), 'utf8'),
  ),
)

function render(target: 'slack' | 'teams' | 'generic', envelope: object): string {
  return renderBody(target, JSON.stringify(envelope), { publicUrl: PUBLIC_URL })
}

function exampleOf(name: string): {
  event: string
  orgId: string
  occurredAt: string
  data: Record<string, unknown>
} {
  const type = EVENT_TYPES.find((candidate) => candidate.name === name)!
  return structuredClone(type.example) as never
}

// ---------------------------------------------------------------------------------------------
// Oversized and hostile input: 500 findings, 10 KB strings full of markup, multi-byte and control
// characters (JSON-escaped to 6 bytes each), on every event.

const INJECTION =
  '<!channel> <@U123> <http://evil|click> *bold* _it_ ~s~ `code` [click](http://evil) <b>x</b> & #h |t|'
const HUGE = `${INJECTION} ${'ü✓𝄞\u0001&<>*'.repeat(1100)}`.slice(0, 10 * 1024)

function oversized(name: string): object {
  const envelope = exampleOf(name)
  const data = envelope.data
  for (const key of Object.keys(data)) if (typeof data[key] === 'string') data[key] = HUGE
  if (name === 'validation.completed') {
    data.findings = Array.from({ length: 500 }, (_, i) => ({
      ruleId: `${HUGE}${i}`,
      severity: 'critical',
      category: HUGE,
      location: HUGE,
      description: HUGE,
    }))
    data.summary = { critical: 500, high: 0, medium: 0, low: 0, total: 500 }
  }
  return envelope
}

// ---------------------------------------------------------------------------------------------

describe('golden bodies: every event × every target, from the schema examples', () => {
  const cases = EVENT_TYPES.flatMap((type) => WEBHOOK_TARGETS.map((target) => [type.name, target] as const))
  it.each(cases)('%s.%s', (name, target) => {
    const body = render(target, exampleOf(name))
    const file = new URL(`${name}.${target}.json`, GOLDEN_DIR)
    // Stored pretty-printed for review; the body is exactly its compact form (a bijection for
    // JSON.stringify output), so both comparisons are byte for byte.
    const pretty = `${JSON.stringify(JSON.parse(body), null, 2)}\n`
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(GOLDEN_DIR, { recursive: true })
      writeFileSync(file, pretty)
    }
    expect(existsSync(file), `missing ${file.pathname}: run with UPDATE_GOLDEN=1 and review it`).toBe(true)
    const golden = readFileSync(file, 'utf8')
    expect(pretty).toBe(golden)
    expect(body).toBe(JSON.stringify(JSON.parse(golden)))
  })
})

// ---------------------------------------------------------------------------------------------

function slackTexts(message: SlackMessage): string[] {
  const texts = [message.text]
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk)
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') texts.push(value)
        else walk(value)
      }
    }
  }
  walk(message.blocks)
  return texts
}

/** Every Slack limit the issue names, plus the field/button/context ones Block Kit enforces. */
function expectWithinSlackLimits(message: SlackMessage): void {
  expect(message.blocks.length).toBeGreaterThan(0)
  expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks)
  expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.text)
  for (const block of message.blocks) {
    switch (block.type) {
      case 'header':
        expect(block.text.text.length).toBeLessThanOrEqual(150)
        break
      case 'section':
        if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000)
        expect(block.fields?.length ?? 0).toBeLessThanOrEqual(10)
        for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(2000)
        break
      case 'context':
        expect(block.elements.length).toBeLessThanOrEqual(10)
        for (const element of block.elements)
          if ('text' in element) expect(element.text.length).toBeLessThanOrEqual(3000)
        break
      case 'actions':
        for (const element of block.elements) {
          if (element.type !== 'button') continue
          expect(element.text.text.length).toBeLessThanOrEqual(75)
          expect(element.url?.length ?? 0).toBeLessThanOrEqual(3000)
        }
        break
      case 'divider':
        break
      default:
        throw new Error(`unexpected block ${block.type}`)
    }
  }
  for (const text of slackTexts(message)) {
    // Escaped: no raw control characters, every & starts an entity, no half-cut entity or surrogate.
    expect(text).not.toMatch(/[<>]/)
    expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/)
    expect(text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/)
  }
}

describe('slack target', () => {
  it('the renderer returns Block Kit types from @slack/types', () => {
    expectTypeOf(renderSlackMessage).returns.toEqualTypeOf<SlackMessage>()
    expectTypeOf<SlackMessage['blocks']>().toEqualTypeOf<KnownBlock[]>()
    expectTypeOf<SlackMessage['text']>().toEqualTypeOf<string>()
  })

  it.each(EVENT_TYPES.map((type) => [type.name]))('%s: the example is within every limit', (name) => {
    const message = JSON.parse(render('slack', exampleOf(name))) as SlackMessage
    expectWithinSlackLimits(message)
  })

  it.each(EVENT_TYPES.map((type) => [type.name]))(
    '%s: 500 findings and 10 KB strings stay within every limit',
    (name) => {
      const message = JSON.parse(render('slack', oversized(name))) as SlackMessage
      expectWithinSlackLimits(message)
    },
  )

  it('validation.completed: 10 findings shown, the rest counted as "…and N more"', () => {
    const message = JSON.parse(render('slack', oversized('validation.completed'))) as SlackMessage
    const texts = slackTexts(message)
    expect(texts.filter((text) => text.startsWith(':red_circle: *'))).toHaveLength(10)
    expect(texts).toContain('…and 490 more findings in the full result')
    expect(message.blocks.at(-1)).toMatchObject({
      type: 'actions',
      // A 10 KB "validationId" is not an id: the button links to the results section instead.
      elements: [{ type: 'button', url: `${PUBLIC_URL}/results` }],
    })
  })

  it('mentions and links in user strings stay text', () => {
    for (const name of EVENT_TYPES.map((type) => type.name)) {
      const envelope = exampleOf(name)
      for (const key of Object.keys(envelope.data))
        if (typeof envelope.data[key] === 'string' && !key.endsWith('Id')) envelope.data[key] = INJECTION
      const body = render('slack', envelope)
      expect(body).not.toContain('<!channel>')
      expect(body).not.toContain('<@U123>')
      expect(body).not.toContain('<http://evil')
      const message = JSON.parse(body) as SlackMessage
      expect(slackTexts(message).join('\n')).toContain(
        '&lt;!channel&gt; &lt;@U123&gt; &lt;http://evil|click&gt;',
      )
      expectWithinSlackLimits(message)
    }
  })

  it('an id cannot steer the button elsewhere: it is percent-encoded into the path', () => {
    const envelope = exampleOf('validation.completed')
    envelope.data.validationId = '../../evil?x=<y>#z'
    const message = JSON.parse(render('slack', envelope)) as SlackMessage
    expect(JSON.stringify(message.blocks.at(-1))).toContain(
      `${PUBLIC_URL}/results/..%2F..%2Fevil%3Fx%3D%3Cy%3E%23z`,
    )
  })

  it('an unreadable envelope or an unknown event still renders a short message', () => {
    for (const json of ['', 'not json', '[1]', JSON.stringify({ event: 'other.<!channel>', data: 5 })]) {
      const message = JSON.parse(renderBody('slack', json, { publicUrl: PUBLIC_URL })) as SlackMessage
      expectWithinSlackLimits(message)
    }
  })
})

// ---------------------------------------------------------------------------------------------
// Every user string of every event, one at a time, carrying every formatting marker: it must reach
// the message (so the check is not vacuous) and arrive inert. Fields a target does not show are
// listed by name, so a new event field has to be placed in one list or the other.

/** The strings each event puts in front of a user: every data key, summary key and finding key. */
function userStringPaths(name: string): string[][] {
  const data = exampleOf(name).data
  const paths: string[][] = []
  for (const [key, value] of Object.entries(data)) {
    if (key === 'summary') for (const severity of Object.keys(value as object)) paths.push([key, severity])
    else if (key === 'findings')
      for (const field of Object.keys((value as object[])[0]!)) paths.push([key, '0', field])
    else paths.push([key])
  }
  return paths
}

/** Shown only inside a link (percent-encoded), or not shown at all. */
const NOT_SHOWN_AS_TEXT: Readonly<Record<string, readonly string[]>> = {
  'validation.completed': ['validationId', 'platform', 'validatedAt', 'passed', 'findings.0.category'],
  'validation.below_threshold': ['validationId', 'validatedAt', 'passed', 'resultUrl'],
  'exception.expiring_soon': ['exceptionId'],
  'webhook.test': [],
}

function withValue(name: string, path: readonly string[], value: string): object {
  const envelope = exampleOf(name)
  let node = envelope.data as Record<string, unknown>
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>
  node[path.at(-1)!] = value
  return envelope
}

/** A marker of each kind, a line-start quote, a mention and a link, tagged so each field is found. */
function hostile(tag: string): string {
  return `*b${tag}* _i${tag}_ ~s${tag}~ \`c${tag}\` ＊w${tag}＊\n> q${tag} <!here> <http://e/${tag}|x>`
}

describe('every user string, on every event, arrives inert', () => {
  const cases = EVENT_TYPES.flatMap((type) =>
    userStringPaths(type.name)
      .filter((path) => !NOT_SHOWN_AS_TEXT[type.name]!.includes(path.join('.')))
      .map((path) => [type.name, path.join('.')] as const),
  )
  /** A short tag per case (fields such as webhookId are cut at 100 characters). */
  const tagOf = (name: string, path: string) => `t${cases.findIndex(([n, p]) => n === name && p === path)}`

  it('every event field is either shown or listed as not shown', () => {
    for (const type of EVENT_TYPES) {
      const paths = userStringPaths(type.name).map((path) => path.join('.'))
      for (const listed of NOT_SHOWN_AS_TEXT[type.name] ?? []) expect(paths).toContain(listed)
    }
    expect(Object.keys(NOT_SHOWN_AS_TEXT).sort()).toEqual(EVENT_TYPES.map((type) => type.name).sort())
    expect(cases.length).toBeGreaterThan(20)
  })

  it.each(cases)('slack: %s %s', (name, path) => {
    const tag = tagOf(name, path)
    const message = JSON.parse(
      render('slack', withValue(name, path.split('.'), hostile(tag))),
    ) as SlackMessage
    const all = slackTexts(message).join('\n')
    // Reached the message, as look-alikes: ∗ ˍ ∼ ˋ ﹡, the quote behind a soft hyphen, entities.
    expect(all).toContain(`∗b${tag}∗ ˍi${tag}ˍ ∼s${tag}∼ ˋc${tag}ˋ ﹡w${tag}﹡\n\u00ad&gt; q${tag}`)
    expect(all).toContain(`&lt;!here&gt; &lt;http://e/${tag}|x&gt;`)
    for (const raw of [`*b${tag}*`, `_i${tag}_`, `~s${tag}~`, `\`c${tag}\``, `＊w${tag}＊`, `\n&gt; q${tag}`])
      expect(all).not.toContain(raw)
    expectWithinSlackLimits(message)
  })

  it.each(cases)('teams: %s %s', (name, path) => {
    const tag = tagOf(name, path)
    const body = render('teams', withValue(name, path.split('.'), hostile(tag)))
    const all = JSON.stringify(JSON.parse(body), null, 0)
    // JSON doubles the backslash: \\* in the body is \* in the card text.
    expect(all).toContain(`\\\\*b${tag}\\\\* \\\\_i${tag}\\\\_ \\\\~s${tag}\\\\~ \\\\\`c${tag}\\\\\``)
    expect(all).toContain(`&lt;!here&gt; &lt;http://e/${tag}\\\\|x&gt;`)
    expect(body).not.toMatch(/[<>]/)
  })

  it('markers between two letters or digits are inert in Slack and kept, so names stay copyable', () => {
    expect(escapeSlack('Invoice_Processing_v2.xaml ops_lead@example.com 2*3*4')).toBe(
      'Invoice_Processing_v2.xaml ops_lead@example.com 2*3*4',
    )
    expect(escapeSlack('_Init_.xaml *x a_ _b')).toBe('ˍInitˍ.xaml ∗x aˍ ˍb')
    expect(escapeSlack('> a\nb\n>c > d')).toBe('\u00ad&gt; a\nb\n\u00ad&gt;c &gt; d')
    expect(escapeSlack('a`b`c')).toBe('aˋbˋc')
  })
})

// ---------------------------------------------------------------------------------------------

describe('teams target', () => {
  it.each(EVENT_TYPES.map((type) => [type.name]))(
    '%s: the example matches the MessageCard schema',
    (name) => {
      const card = JSON.parse(render('teams', exampleOf(name))) as MessageCard
      expect(validateMessageCard(card), JSON.stringify(validateMessageCard.errors)).toBe(true)
    },
  )

  it.each(EVENT_TYPES.map((type) => [type.name]))(
    '%s: 500 findings and 10 KB strings stay under 28 KB and match the schema',
    (name) => {
      const body = render('teams', oversized(name))
      expect(Buffer.byteLength(body)).toBeLessThanOrEqual(TEAMS_MAX_BYTES)
      expect(Buffer.byteLength(body)).toBeLessThan(TEAMS_CONNECTOR_LIMIT)
      const card = JSON.parse(body) as MessageCard
      expect(validateMessageCard(card), JSON.stringify(validateMessageCard.errors)).toBe(true)
      expect(body).not.toMatch(/[<>]/)
    },
  )

  it('stays under 28 KB even when ids are 10 KB of characters that JSON escapes to 6 bytes', () => {
    for (const name of EVENT_TYPES.map((type) => type.name)) {
      const envelope = oversized(name) as { data: Record<string, unknown> }
      for (const key of Object.keys(envelope.data))
        if (typeof envelope.data[key] === 'string') envelope.data[key] = '\u0001'.repeat(10 * 1024)
      const body = render('teams', envelope)
      expect(Buffer.byteLength(body)).toBeLessThanOrEqual(TEAMS_MAX_BYTES)
      expect(validateMessageCard(JSON.parse(body)), JSON.stringify(validateMessageCard.errors)).toBe(true)
    }
  })

  it('markdown, HTML and links in user strings are escaped', () => {
    const envelope = exampleOf('validation.completed')
    envelope.data.fileName = INJECTION
    const card = JSON.parse(render('teams', envelope)) as MessageCard
    const file = card.sections[0]!.facts!.find((fact) => fact.name === 'File')!
    expect(file.value).toBe(
      '&lt;!channel&gt; &lt;@U123&gt; &lt;http://evil\\|click&gt; \\*bold\\* \\_it\\_ \\~s\\~ \\`code\\` ' +
        '\\[click\\](http://evil) &lt;b&gt;x&lt;/b&gt; &amp; \\#h \\|t\\|',
    )
  })

  it('themeColor follows the outcome and the worst severity', () => {
    const failed = exampleOf('validation.completed')
    expect((JSON.parse(render('teams', failed)) as MessageCard).themeColor).toBe('D13438')
    const passed = exampleOf('validation.completed')
    passed.data.passed = true
    expect((JSON.parse(render('teams', passed)) as MessageCard).themeColor).toBe('2EB886')
    const mediumOnly = exampleOf('validation.completed')
    mediumOnly.data.summary = { critical: 0, high: 0, medium: 2, low: 1, total: 3 }
    expect((JSON.parse(render('teams', mediumOnly)) as MessageCard).themeColor).toBe('F2C744')
  })

  it('the result link is an OpenUri action to <publicUrl>/results/{validationId}', () => {
    const card = JSON.parse(render('teams', exampleOf('validation.completed'))) as MessageCard
    expect(card.potentialAction).toEqual([
      {
        '@type': 'OpenUri',
        name: 'View result',
        targets: [{ os: 'default', uri: `${PUBLIC_URL}/results/11111111-1111-1111-1111-111111111111` }],
      },
    ])
  })
})

// ---------------------------------------------------------------------------------------------

describe('exception.expiring_soon points the owner at the renewal step', () => {
  const envelope = exampleOf('exception.expiring_soon')
  const link = `${PUBLIC_URL}/exceptions/${envelope.data.exceptionId}`

  it('slack: the renewal text and a "Renew exception" button to <publicUrl>/exceptions/{id}', () => {
    const body = JSON.parse(render('slack', envelope)) as SlackMessage
    expect(JSON.stringify(body.blocks)).toContain(RENEWAL_STEP_TEXT)
    const actions = body.blocks.find((block) => block.type === 'actions')
    expect(actions).toMatchObject({ elements: [{ text: { text: 'Renew exception' }, url: link }] })
  })

  it('teams: the renewal text and a "Renew exception" OpenUri to <publicUrl>/exceptions/{id}', () => {
    const body = JSON.parse(render('teams', envelope)) as MessageCard
    expect(body.sections.map((section) => section.text)).toContain(RENEWAL_STEP_TEXT)
    expect(body.potentialAction).toMatchObject([{ name: 'Renew exception', targets: [{ uri: link }] }])
  })

  it('generic: the envelope as the spec has it (the payload names no link; receivers build it from exceptionId)', () => {
    expect(JSON.parse(render('generic', envelope))).toEqual(envelope)
  })
})

describe('text helpers', () => {
  it('escape for Slack and Teams', () => {
    expect(escapeSlack('a & <b> c')).toBe('a &amp; &lt;b&gt; c')
    expect(escapeSlack('*bold* _it_ ~s~ `code`')).toBe('∗bold∗ ˍitˍ ∼s∼ ˋcodeˋ')
    expect(escapeTeams('a_b*[c]\\')).toBe('a\\_b\\*\\[c\\]\\\\')
  })

  it('truncate never cuts an entity, an escape or a surrogate pair', () => {
    expect(truncate('abcdef', 6)).toBe('abcdef')
    expect(truncate('abcdefg', 6)).toBe('abcde…')
    expect(truncate('abc&amp;def', 6)).toBe('abc…')
    expect(truncate('abcd\\*ef', 6)).toBe('abcd…')
    expect(truncate('abcd𝄞ef', 6)).toBe('abcd…')
    expect(truncate('abcdefghi', 8, '…and 3 more')).toBe('…and 3 m')
  })

  it('parseEnvelope tolerates anything', () => {
    expect(parseEnvelope('')).toBeNull()
    expect(parseEnvelope('null')).toBeNull()
    expect(parseEnvelope('{"event":1,"data":[]}')).toMatchObject({ event: '1', data: {} })
  })
})
