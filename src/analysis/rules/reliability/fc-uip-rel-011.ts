/**
 * FC-UIP-REL-011 ui-activities-without-container: consecutive UI activities that each find the same
 * top-level window (or browser tab) on their own, instead of sharing one container (Attach Window /
 * Attach Browser / Open Application / Open Browser, or a modern Use Application/Browser). Each
 * activity then searches the whole desktop for the window again, and a second window that matches
 * (another Notepad, another tab with the same title) can take one of the actions.
 *
 * What counts as "its own top-level window":
 * - classic: a literal selector whose first tag names the application (`<wnd app='…'>`, `<html …>`,
 *   any first tag with `app=`): a full selector, which ignores any container around it;
 * - modern: an activity outside every Use Application/Browser whose target carries its own window
 *   (`ScopeSelectorArgument`); inside a card the card's window is used.
 *
 * "Consecutive" is read in the order a Sequence runs its children: UI activities that are children
 * of the same activity, with non-UI activities (Assign, Log Message, If…) between them ignored; a
 * UI activity on another window, one whose target is computed, or a container ends the run.
 * Flowcharts, state machines, Parallel and Pick are not read in order (document order is not the
 * order they run in). Mirrors UiPath Workflow Analyzer UI-DBP-006 (Container Usage).
 * Doc: docs/rules/FC-UIP-REL-011.md.
 */
import { XAML_NS } from '../../xaml/index.js'
import { activityAncestors } from '../../xaml/model-queries.js'
import type { XamlNode } from '../../xaml/workflow-model.js'
import { defineRule, findingAt, type RawFinding } from '../rule.js'
import { integerOption } from '../rule-options.js'

/** Activities that give their body a window or browser (classic and modern). */
const CONTAINERS = new Set([
  'WindowScope',
  'BrowserScope',
  'OpenApplication',
  'OpenBrowser',
  'ElementScope',
  'NApplicationCard',
])

/** Parents whose children do not run in document order. */
const UNORDERED_PARENTS = new Set(['Flowchart', 'StateMachine', 'Parallel', 'ParallelForEach', 'Pick'])

const FIRST_TAG = /^\s*<\s*([A-Za-z][\w-]*)((?:\s+[\w-]+\s*=\s*(?:'[^']*'|"[^"]*"))*)\s*\/?\s*>/
const TAG_ATTRIBUTE = /([\w-]+)\s*=\s*('[^']*'|"[^"]*")/g

/**
 * The first tag of a selector, normalised (`<wnd app='notepad.exe' cls='Notepad' />`: attribute
 * names lower-cased and sorted, single quotes), when it names a top-level window; else undefined.
 * `html` is always top-level; other tags when they carry `app`.
 */
function topLevelWindow(selector: string, anyTag: boolean): string | undefined {
  const match = FIRST_TAG.exec(selector)
  if (match === null) return undefined
  const tag = (match[1] ?? '').toLowerCase()
  const attributes: string[] = []
  let hasApp = false
  for (const [, name = '', quoted = ''] of (match[2] ?? '').matchAll(TAG_ATTRIBUTE)) {
    const key = name.toLowerCase()
    if (key === 'app') hasApp = true
    attributes.push(`${key}='${quoted.slice(1, -1)}'`)
  }
  if (!anyTag && !hasApp && tag !== 'html') return undefined
  return `<${[tag, ...attributes.sort()].join(' ')} />`
}

type Target =
  | { readonly kind: 'window'; readonly window: string }
  /** A UI activity whose window is unknown here (computed selector, partial selector in a container). */
  | { readonly kind: 'other' }

function isContainer(node: XamlNode): boolean {
  return (
    (node.namespaceUri === XAML_NS.ui || node.namespaceUri === XAML_NS.uix) && CONTAINERS.has(node.localName)
  )
}

export const uiActivitiesWithoutContainerRule = defineRule({
  ruleId: 'FC-UIP-REL-011',
  name: 'ui-activities-without-container',
  category: 'reliability',
  severity: 'low',
  description:
    'Consecutive UI activities each find the same top-level window with their own full selector instead of sharing a container.',
  recommendation:
    'Put the activities in one container for that window — Attach Window or Attach Browser (classic), Use Application/Browser (modern) — and give them selectors relative to it.',
  mirrors: ['UI-DBP-006'],
  options: {
    minActivities: integerOption({
      default: 2,
      min: 2,
      description: 'How many consecutive activities on the same window make a finding.',
    }),
  },
  check(model, { options }) {
    // What window each UI activity finds by itself.
    const targets = new Map<XamlNode, Target>()
    for (const selector of model.selectors) {
      const activity = selector.activity
      if (activity === undefined || isContainer(activity)) continue
      let window: string | undefined
      if (selector.kind === 'Selector') {
        window = selector.expression ? undefined : topLevelWindow(selector.text, false)
      } else if (selector.kind === 'ScopeSelectorArgument') {
        // A modern target names its window even inside a card; only outside one is it its own.
        if (activityAncestors(activity).some(isContainer)) continue
        window = selector.expression ? undefined : topLevelWindow(selector.text, true)
      } else continue
      const known = targets.get(activity)
      if (window === undefined) {
        if (known === undefined) targets.set(activity, { kind: 'other' })
      } else if (known?.kind !== 'window') targets.set(activity, { kind: 'window', window })
    }
    // Modern activities inside a card carry only full/fuzzy selectors relative to the card's
    // window: they are UI activities whose window is not their own.
    for (const selector of model.selectors) {
      const activity = selector.activity
      if (activity !== undefined && !isContainer(activity) && !targets.has(activity))
        targets.set(activity, { kind: 'other' })
    }
    if (targets.size < options.minActivities) return []

    const findings: RawFinding[] = []
    const parents = new Set<XamlNode>()
    for (const activity of targets.keys()) if (activity.parentActivity) parents.add(activity.parentActivity)
    for (const parent of parents) {
      if (UNORDERED_PARENTS.has(parent.localName)) continue
      let run: XamlNode[] = []
      let window: string | undefined
      const close = () => {
        if (window !== undefined && run.length >= options.minActivities)
          findings.push(runFinding(run, window))
        run = []
        window = undefined
      }
      for (const child of parent.children) {
        const target = targets.get(child)
        if (target === undefined) {
          if (isContainer(child)) close()
          continue // not a UI activity: it does not break the run
        }
        // Classic selectors match case-insensitively (unless a tag asks otherwise).
        if (target.kind === 'window' && target.window.toLowerCase() === window?.toLowerCase()) {
          run.push(child)
          continue
        }
        close()
        if (target.kind === 'window') {
          run = [child]
          window = target.window
        }
      }
      close()
    }
    return findings.sort((a, b) => a.line - b.line || a.column - b.column)
  },
})

function runFinding(run: readonly XamlNode[], window: string): RawFinding {
  const first = run[0] as XamlNode
  const lines = run.map((activity) => activity.line).join(', ')
  return {
    ...findingAt(
      first,
      `${run.length} consecutive UI activities (lines ${lines}) each find ${window} with a full selector.`,
    ),
    value: window,
  }
}
