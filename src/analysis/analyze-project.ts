/**
 * The analyzer for a whole project: one result for a submission of many files. Pure.
 *
 * - Every workflow is parsed once; the file rules run on each (as for a single file), and the
 *   project rules run once on the project model (invocations across files, project.json).
 * - Framework rules run only when the project really is a REFramework (by its state machine, see
 *   project/reframework-shape.ts), and they see each framework workflow under the template's path
 *   (`Framework/InitAllSettings.xaml`) wherever the project keeps it, so renamed framework files
 *   are checked and a Main.xaml that is no REFramework is left alone.
 * - `location` is `<path inside the project>:<line>`; `fileName` is the submission's name.
 * - A workflow that cannot be read does not fail the submission: it is listed with its error,
 *   scores 0 and makes the result fail (fail closed), like a rule that throws.
 *
 * @module
 */
import { type Severity, severityRank } from '../domain/severity.js'
import {
  type AnalysisResult,
  compareFindings,
  compareText,
  type Finding,
  type FindingContext,
  type RuleError,
  resolvePolicyPack,
  runFileRules,
  type SkippedEntry,
  skippedParts,
  toFindings,
} from './analyze.js'
import type { PolicyPack } from './packs/policy-pack.js'
import { resolveWorkflowPath } from './project/invocation-graph.js'
import { projectPath } from './project/project-descriptor.js'
import { buildProjectModel, type ProjectModel, parseProjectWorkflows } from './project/project-model.js'
import { FRAMEWORK_WORKFLOW_ROLES, type ReframeworkShape } from './project/reframework-shape.js'
import { DEFAULT_RESULT_LIMITS } from './result-limits.js'
import type { ProjectRawFinding, Rule } from './rules/rule.js'
import { DEFAULT_RULE_DOCS_BASE_URL } from './rules/rule-docs.js'
import { type FindingSummary, scoreFindings, scoreProject } from './scoring.js'
import type { ExpressionLanguage, XamlLimits } from './xaml/workflow-model.js'

export interface AnalyzeProjectInput {
  /** The submission's name (the archive's or folder's): the result's `fileName`. */
  readonly submissionName: string
  readonly projectJson: Buffer | string | null
  /** Workflow sources, with paths inside the project. */
  readonly files: ReadonlyArray<{ readonly path: string; readonly content: Buffer | string }>
  /** What the input layer left out and why (listed in the result). */
  readonly skipped?: ReadonlyArray<{ readonly path: string; readonly reason: string }>
  readonly packSlug?: string
  readonly pack?: PolicyPack
  readonly isWaived?: (finding: Finding) => string | null
  readonly limits?: Partial<XamlLimits>
  readonly docsBaseUrl?: string
}

/** A finding in a project: which file it is in. */
export interface ProjectFinding extends Finding {
  /** Path inside the project (`Framework/InitAllSettings.xaml`, `project.json`). */
  readonly path: string
}

export interface ProjectFileResult {
  readonly path: string
  readonly score: number
  readonly passed: boolean
  readonly summary: FindingSummary
  /** Why the file could not be read, or null. */
  readonly error: {
    readonly code: string
    readonly message: string
    readonly line: number | null
    readonly column: number | null
  } | null
}

export interface ProjectInfo {
  readonly name: string | null
  readonly version: string | null
  readonly main: string | null
  readonly expressionLanguage: ExpressionLanguage | null
  readonly targetFramework: string | null
  readonly outputType: string | null
  readonly isReframework: boolean
}

export interface InvocationGraphSummary {
  readonly invocations: number
  readonly resolved: number
  readonly missing: number
  /** Invocations whose file name is an expression (not resolvable before run time). */
  readonly dynamic: number
  readonly reachableWorkflows: number
}

export interface ProjectAnalysisResult extends Omit<AnalysisResult, 'findings'> {
  readonly findings: readonly ProjectFinding[]
  readonly project: ProjectInfo
  readonly files: readonly ProjectFileResult[]
  readonly invocationGraph: InvocationGraphSummary
}

/**
 * The path a framework rule sees for `path`: the template's path for a framework workflow (found
 * by role), the real path otherwise.
 */
export function frameworkRelativePath(path: string, shape: ReframeworkShape): string {
  if (path === shape.mainPath) return 'Main.xaml'
  for (const [role, found] of Object.entries(shape.workflows)) {
    if (found !== path) continue
    const spec = FRAMEWORK_WORKFLOW_ROLES[role as keyof typeof FRAMEWORK_WORKFLOW_ROLES]
    return role === 'process' ? spec.fileName : `Framework/${spec.fileName}`
  }
  return path
}

/** Severity first across the whole submission, then file, then position. */
export function compareProjectFindings(a: ProjectFinding, b: ProjectFinding): number {
  // Severity first across the whole project (the top findings are the worst anywhere), then file.
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    compareText(a.path, b.path) ||
    compareFindings(a, b)
  )
}

function projectInfo(project: ProjectModel): ProjectInfo {
  const descriptor = project.descriptor
  return {
    name: descriptor?.name ?? null,
    version: descriptor?.version ?? null,
    main: descriptor?.main ?? null,
    expressionLanguage: descriptor?.expressionLanguage ?? null,
    targetFramework: descriptor?.targetFramework ?? null,
    outputType: descriptor?.outputType ?? null,
    isReframework: project.reframework !== undefined,
  }
}

export function analyzeProject(input: AnalyzeProjectInput): ProjectAnalysisResult {
  const pack = input.pack ?? resolvePolicyPack(input.packSlug)
  const docsBaseUrl = input.docsBaseUrl ?? DEFAULT_RULE_DOCS_BASE_URL
  const workflows = parseProjectWorkflows({
    projectJson: input.projectJson,
    files: input.files,
    ...(input.limits === undefined ? {} : { limits: input.limits }),
  })
  const project = buildProjectModel(input.projectJson, workflows)
  const context = (path: string): FindingContext => ({
    locationPrefix: path,
    isWaived: input.isWaived,
    docsBaseUrl,
  })

  const findings: ProjectFinding[] = []
  const ruleErrors: RuleError[] = []
  const files: ProjectFileResult[] = []
  const skipped: SkippedEntry[] = [...(input.skipped ?? [])]
  const shape = project.reframework
  const filesByLowerPath = new Map(workflows.map((workflow) => [workflow.path.toLowerCase(), workflow.path]))
  for (const workflow of workflows) {
    if (workflow.model === undefined) {
      const error = workflow.error
      files.push({
        path: workflow.path,
        score: 0,
        passed: false,
        summary: { critical: 0, high: 0, medium: 0, low: 0, total: 0 },
        error: {
          code: error?.code ?? 'XAML_PARSE_ERROR',
          message: error?.message ?? 'unreadable',
          line: error?.line ?? null,
          column: error?.column ?? null,
        },
      })
      continue
    }
    skipped.push(...skippedParts(workflow.model, workflow.path))
    const plain = runFileRules(
      workflow.model,
      pack,
      workflow.path,
      context(workflow.path),
      (rule) => rule.category === 'framework',
    )
    const framework =
      shape === undefined
        ? { findings: [], ruleErrors: [] }
        : runFileRules(
            workflow.model,
            pack,
            frameworkRelativePath(workflow.path, shape),
            context(workflow.path),
            (rule) => rule.category !== 'framework',
            (fileName) => {
              const resolved = resolveWorkflowPath(fileName, workflow.path, filesByLowerPath)
              return resolved === undefined ? projectPath(fileName) : frameworkRelativePath(resolved, shape)
            },
          )
    const fileFindings = [...plain.findings, ...framework.findings].map((finding) => ({
      ...finding,
      path: workflow.path,
    }))
    for (const ruleError of [...plain.ruleErrors, ...framework.ruleErrors]) {
      ruleErrors.push({ ruleId: ruleError.ruleId, message: `${workflow.path}: ${ruleError.message}` })
    }
    const scored = scoreFindings(fileFindings, pack.weights, pack.passThreshold)
    files.push({
      path: workflow.path,
      score: scored.score,
      passed: scored.passed,
      summary: scored.summary,
      error: null,
    })
    findings.push(...fileFindings)
  }

  const raw: Array<{ rule: Rule; severity: Severity; found: ProjectRawFinding }> = []
  for (const { rule, severity, options } of pack.rules) {
    if (rule.scope !== 'project') continue
    try {
      for (const found of rule.checkProject(project, { options })) raw.push({ rule, severity, found })
    } catch (error) {
      ruleErrors.push({
        ruleId: rule.ruleId,
        message: error instanceof Error ? error.message : String(error),
      })
    }
  }
  const projectFindings: ProjectFinding[] = toFindings(raw, (found) => context(found.path ?? '')).map(
    (finding, index) => ({
      ...finding,
      path: raw[index]?.found.path ?? '',
    }),
  )
  findings.push(...projectFindings)
  findings.sort(compareProjectFindings)

  const scored = scoreProject(
    files.map((file) => ({ score: file.score, readable: file.error === null })),
    projectFindings,
    findings,
    pack.weights,
    pack.passThreshold,
  )
  // Like a single file's, a project's result lists at most maxFindings (the most severe); the
  // score, the summary and the per-file counts above count them all.
  if (findings.length > DEFAULT_RESULT_LIMITS.maxFindings) findings.length = DEFAULT_RESULT_LIMITS.maxFindings
  const invocations = project.invocations
  return {
    platform: pack.platform,
    fileName: input.submissionName,
    passed: scored.passed && ruleErrors.length === 0,
    score: scored.score,
    enforcementMode: pack.enforcementMode,
    policyPackSlug: pack.slug,
    summary: scored.summary,
    findings,
    ruleErrors,
    project: projectInfo(project),
    files,
    invocationGraph: {
      invocations: invocations.length,
      resolved: invocations.filter((invocation) => invocation.target.kind === 'resolved').length,
      missing: invocations.filter((invocation) => invocation.target.kind === 'missing').length,
      dynamic: invocations.filter((invocation) => invocation.target.kind === 'expression').length,
      reachableWorkflows: project.reachablePaths.size,
    },
    skipped,
  }
}
