/** The full validation result as the API returns it (POST /validations, GET /results/{id}). */
import { instanceRuleDocsBaseUrl, ruleDocsUrl } from '../../analysis/rules/rule-docs.js'
import {
  FINDING_CORE_PROPERTIES,
  FINDING_CORE_REQUIRED,
  SUMMARY_SCHEMA,
  VALIDATION_RESULT_PROPERTIES,
  VALIDATION_RESULT_REQUIRED,
} from '../../domain/events/event-schemas.js'
import type { StoredValidation } from '../../store/validations.js'
import { resultUrl } from '../../validations/validation-events.js'
import { EXAMPLE_IDS, EXAMPLE_TIME } from './common-schemas.js'

const exampleFinding = {
  ruleId: 'FC-UIP-HCD-001',
  severity: 'critical',
  category: 'hardcoded_value',
  location: 'Main.xaml:42',
  description: 'A credential or secret is written into the workflow as a literal.',
  line: 42,
  column: 9,
  activity: 'Type Into "Password"',
  message: 'A literal password is typed into the field.',
  recommendation: 'Read the secret from Orchestrator assets or a credential store.',
  docsUrl: 'https://flowcerta.example.com/docs/rules/FC-UIP-HCD-001',
  waived: false,
  exceptionId: null,
}

const exampleResultSummary = {
  validationId: EXAMPLE_IDS.validation,
  platform: 'uipath',
  fileName: 'Main.xaml',
  label: 'release-2026.05',
  passed: false,
  score: 72,
  enforcementMode: 'blocking',
  policyPackSlug: 'uipath-security',
  validatedAt: EXAMPLE_TIME,
  summary: { critical: 1, high: 0, medium: 0, low: 0, total: 1 },
  ruleErrors: [],
  submittedByEmail: 'dev@example.com',
  contentSha256: 'f2ca1bb6c7e907d06dafe4687e579fce76b37e4e93b7605022da52e6ccc26fd2',
  sizeBytes: 18342,
  resultUrl: `https://flowcerta.example.com/api/v1/results/${EXAMPLE_IDS.validation}`,
  projectName: null,
  comparedWith: null,
}

/** Finding counts per severity, as in the webhook payload (one schema for both). */
export const summarySchema = SUMMARY_SCHEMA

export const findingSchema = {
  type: 'object',
  required: [...FINDING_CORE_REQUIRED, 'line', 'column', 'waived', 'exceptionId'],
  properties: {
    ...FINDING_CORE_PROPERTIES,
    location: { ...FINDING_CORE_PROPERTIES.location, description: '<fileName>:<line>' },
    line: { type: 'integer' },
    column: { type: 'integer' },
    activity: { type: 'string' },
    message: { type: ['string', 'null'] },
    recommendation: { type: 'string' },
    docsUrl: { type: 'string' },
    waived: { type: 'boolean', description: 'Covered by an approved risk exception; not counted.' },
    exceptionId: { type: ['string', 'null'] },
    path: {
      type: 'string',
      description: 'Project submissions: the file the finding is in, inside the project.',
    },
    fingerprint: {
      type: 'string',
      description:
        'Identity that survives line moves and reformatting; changes when the offending content changes.',
    },
    isNew: { type: 'boolean', description: 'Not present in the validation named by `comparedWith`.' },
    flow: {
      type: 'array',
      description:
        'Data-flow findings only: the path of the value from its source to the sink, source first (also SARIF `codeFlows`).',
      items: {
        type: 'object',
        required: ['line', 'column', 'message'],
        properties: {
          path: {
            type: 'string',
            description: 'The file of this step, when it is another file of the project than the finding.',
          },
          line: { type: 'integer' },
          column: { type: 'integer' },
          message: { type: 'string', description: 'What happens to the value there.' },
        },
      },
    },
    logicalLocation: {
      type: 'object',
      description:
        "Power Automate and Blue Prism: where the finding is in the workflow's own terms (a flow action's JSON path, `kind` object; a Blue Prism process/page/stage, `kind` element), as in SARIF `logicalLocations`.",
      required: ['fullyQualifiedName', 'kind'],
      properties: {
        fullyQualifiedName: { type: 'string' },
        kind: { type: 'string', enum: ['object', 'element'] },
      },
    },
  },
} as const

const fileSummary = {
  type: 'object',
  required: ['path', 'score', 'passed', 'summary', 'error'],
  properties: {
    path: { type: 'string' },
    score: { type: 'integer' },
    passed: { type: 'boolean' },
    summary: summarySchema,
    error: {
      type: ['object', 'null'],
      description: 'Why the file could not be read (it then scores 0 and the result fails).',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        line: { type: ['integer', 'null'] },
        column: { type: ['integer', 'null'] },
      },
    },
  },
} as const

/** The project part of a project submission's result (null for a single file). */
const projectSchema = {
  type: ['object', 'null'],
  required: [
    'name',
    'version',
    'main',
    'expressionLanguage',
    'isReframework',
    'files',
    'invocationGraph',
    'skipped',
  ],
  properties: {
    name: { type: ['string', 'null'] },
    version: { type: ['string', 'null'] },
    main: { type: ['string', 'null'] },
    expressionLanguage: { type: ['string', 'null'] },
    targetFramework: { type: ['string', 'null'] },
    outputType: { type: ['string', 'null'] },
    isReframework: { type: 'boolean', description: 'Told by the state machine, not by file names.' },
    files: { type: 'array', items: fileSummary },
    invocationGraph: {
      type: 'object',
      properties: {
        invocations: { type: 'integer' },
        resolved: { type: 'integer' },
        missing: { type: 'integer' },
        dynamic: { type: 'integer' },
        reachableWorkflows: { type: 'integer' },
      },
    },
    skipped: {
      type: 'array',
      description:
        'What was not analysed: files the input layer left out (path, reason), and Comment Out bodies (dead code) no rule looked at (path, reason, line, column, activity, activities).',
      items: {
        type: 'object',
        required: ['path', 'reason'],
        properties: {
          path: { type: 'string' },
          reason: { type: 'string' },
          line: { type: 'integer', description: 'Line of the Comment Out activity (workflow parts only).' },
          column: { type: 'integer' },
          activity: { type: 'string', description: "The Comment Out's display name (or type)." },
          activities: { type: 'integer', description: 'How many activities its body holds.' },
        },
      },
    },
  },
} as const

/** What every result body carries beside the webhook payload's fields (toResultBody sets each). */
const RESULT_ALWAYS = [
  'ruleErrors',
  'submittedByEmail',
  'contentSha256',
  'sizeBytes',
  'resultUrl',
  'projectName',
  'comparedWith',
  'project',
] as const

export const resultSchema = {
  description: 'The stored, scored result with all its findings.',
  type: 'object',
  required: [...VALIDATION_RESULT_REQUIRED, ...RESULT_ALWAYS],
  properties: {
    ...VALIDATION_RESULT_PROPERTIES,
    findings: { type: 'array', items: findingSchema },
    ruleErrors: {
      type: 'array',
      items: { type: 'object', properties: { ruleId: { type: 'string' }, message: { type: 'string' } } },
    },
    submittedByEmail: { type: 'string' },
    contentSha256: { type: 'string' },
    sizeBytes: { type: 'integer' },
    resultUrl: { type: 'string' },
    projectName: { type: ['string', 'null'], description: "project.json's name (project submissions)." },
    comparedWith: {
      type: ['string', 'null'],
      description:
        'The earlier validation `isNew` was decided against: the latest of the same project, or of the same file name and label; null when there was none.',
    },
    project: projectSchema,
  },
  examples: [{ ...exampleResultSummary, findings: [exampleFinding], project: null }],
} as const

/** A list item: the result without its findings (fetch the result for those). */
export const resultSummarySchema = {
  ...resultSchema,
  description: 'A stored result without its findings.',
  required: resultSchema.required.filter((field) => field !== 'findings' && field !== 'project'),
  properties: Object.fromEntries(
    // The list leaves out the findings and a project's per-file detail (fetch the result for both).
    Object.entries(resultSchema.properties).filter(([key]) => key !== 'findings' && key !== 'project'),
  ),
  examples: [exampleResultSummary],
} as const

/**
 * `docsUrl` is this instance's page for the rule, whatever was stored with the finding: results
 * stored before the docs were served here, or under another FLOWCERTA_PUBLIC_URL, link here too.
 */
function withInstanceDocsUrl(findings: StoredValidation['findings'], publicUrl: string) {
  const base = instanceRuleDocsBaseUrl(publicUrl)
  return findings.map((finding) => ({ ...finding, docsUrl: ruleDocsUrl(finding.ruleId, base) }))
}

export function toResultBody(validation: StoredValidation, publicUrl: string, withFindings = true) {
  return {
    validationId: validation.id,
    platform: validation.platform,
    fileName: validation.fileName,
    label: validation.label,
    passed: validation.passed,
    score: validation.score,
    enforcementMode: validation.enforcementMode,
    policyPackSlug: validation.policyPackSlug,
    validatedAt: new Date(validation.validatedAt).toISOString(),
    summary: validation.summary,
    ...(withFindings ? { findings: withInstanceDocsUrl(validation.findings, publicUrl) } : {}),
    ruleErrors: validation.ruleErrors,
    submittedByEmail: validation.submittedByEmail,
    contentSha256: validation.contentSha256,
    sizeBytes: validation.sizeBytes,
    resultUrl: resultUrl(publicUrl, validation.id),
    projectName: validation.projectName,
    comparedWith: validation.comparedWithId,
    ...(withFindings ? { project: validation.project } : {}),
  }
}
