/**
 * Helpers shared by the Blue Prism rules (not a rule): a finding at a stage, and the references
 * from stages to data items.
 *
 * @module
 */
import {
  type BluePrismModel,
  pageName,
  type Stage,
  stagePath,
  type Workflow,
} from '../../blue-prism/blue-prism-model.js'
import type { ProjectRawFinding } from '../rule.js'

/** A finding at `stage`: its file and position, its name, its `process/page/stage` path. */
export function stageFinding(
  workflow: Workflow,
  stage: Stage,
  message?: string,
  value?: string,
): ProjectRawFinding {
  return {
    path: stage.path,
    line: stage.line,
    column: stage.column,
    activity: stage.name.trim() || stage.type,
    message,
    value,
    // Stage ids survive edits in Blue Prism's designer; the workflow's name keeps two workflows apart.
    identity: `bp:${workflow.kind}:${workflow.name}/${stage.id}`,
    logicalLocation: { fullyQualifiedName: stagePath(workflow, stage), kind: 'element' },
  }
}

/** A finding on a whole page (at its first stage, or the workflow when the page has none). */
export function pageFinding(workflow: Workflow, pageId: string | null, message: string): ProjectRawFinding {
  const first = workflow.stages.find((stage) => stage.pageId === pageId)
  const name = pageName(workflow, pageId)
  return {
    path: workflow.path,
    line: first?.line ?? workflow.line,
    column: first?.column ?? workflow.column,
    activity: name,
    message,
    identity: `bp:${workflow.kind}:${workflow.name}/page:${pageId ?? 'main'}`,
    logicalLocation: { fullyQualifiedName: `${workflow.name}/${name}`, kind: 'element' },
  }
}

/** Every workflow's stages, with the workflow. */
export function* stagesOf(model: BluePrismModel): Generator<{ workflow: Workflow; stage: Stage }> {
  for (const workflow of model.workflows) for (const stage of workflow.stages) yield { workflow, stage }
}

/** Data-item stage types. */
export function isDataItem(stage: Stage): boolean {
  return stage.type === 'Data' || stage.type === 'Collection'
}

/** Names of secrets in data item names (`Password`, `API Key`, `accessKeySecret`, `Token`). */
const SECRET_WORD =
  /pass(word|wd|phrase)?\b|pwd|secret|token|api[\s_-]?key|access[\s_-]?key|private[\s_-]?key|client[\s_-]?secret/i
/**
 * Names that only name or describe a secret (`Credential Name`, `Token URL`, `Password Length`,
 * `accessKeyId`): their values are not secrets.
 */
const ABOUT_A_SECRET = /(name|id|type|length|expiry|expires|url|uri|field|column|prompt|label|param)$/i

/** True for a data item name that says the item holds a secret. */
export function isSecretName(name: string): boolean {
  const trimmed = name.trim()
  return SECRET_WORD.test(trimmed) && !ABOUT_A_SECRET.test(trimmed.replace(/[\s_-]+$/, ''))
}

/** A Blue Prism text literal: `"…"` with `""` for a quote, nothing else in the expression. */
export function textLiteral(expression: string): string | undefined {
  const match = /^\s*"((?:[^"]|"")*)"\s*$/.exec(expression)
  return match?.[1]?.replaceAll('""', '"')
}

/** `value` masked, its length kept: what a message shows of a secret. */
export function masked(value: string): string {
  return '•'.repeat(Math.min(value.length, 12))
}
