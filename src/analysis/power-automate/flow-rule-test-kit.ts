/**
 * Tests only: runs one flow rule on a JSON snippet and compares findings (line and action path).
 * A snippet is a workflow definition (`{"triggers": …, "actions": …}`) or a whole flow file; its
 * first line is the line after the backtick, so the lines you see are the lines asserted.
 *
 * @module
 */
import { expect } from 'vitest'
import { resolveRuleOptions } from '../rules/rule-options.js'
import type { FlowRawFinding, FlowRule, FlowSubmissionContext } from './flow-rule.js'
import { readFlow } from './read-flow.js'

export interface FlowSnippetOptions {
  readonly options?: Record<string, unknown>
  readonly submission?: FlowSubmissionContext
  readonly path?: string
}

const LOOSE: FlowSubmissionContext = { kind: 'flows', workflowIds: new Set() }

export function flowFindingsOf(
  rule: FlowRule,
  snippet: string,
  options: FlowSnippetOptions = {},
): readonly FlowRawFinding[] {
  const flow = readFlow(snippet.replace(/^\n/, ''), options.path ?? 'flow.json')
  return rule.check(flow, {
    options: resolveRuleOptions(rule.options, options.options, rule.ruleId),
    submission: options.submission ?? LOOSE,
  })
}

export interface ExpectedFlowFinding {
  readonly line: number
  readonly pointer: string
  readonly message?: string | RegExp
}

export function expectFlowFindings(
  rule: FlowRule,
  snippet: string,
  expected: readonly ExpectedFlowFinding[],
  options: FlowSnippetOptions = {},
): void {
  const found = flowFindingsOf(rule, snippet, options)
  expect(found.map((finding) => ({ line: finding.line, pointer: finding.pointer }))).toEqual(
    expected.map((item) => ({ line: item.line, pointer: item.pointer })),
  )
  expected.forEach((item, index) => {
    if (item.message !== undefined) expect(found[index]?.message ?? '').toMatch(item.message)
  })
}
