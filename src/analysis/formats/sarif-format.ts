/**
 * SARIF 2.1.0 output, as GitHub code scanning reads it: one run; `tool.driver.rules` carries every
 * rule of the applied pack (short/full description, help text and markdown, helpUri, default level,
 * tags); each finding is a result with ruleId/ruleIndex, a level mapped from severity, a message and
 * one physical location (`artifactLocation.uri` relative to `%SRCROOT%`, `region.startLine` /
 * `startColumn`) and, for platforms whose findings name a place in the workflow's own terms (a flow
 * action's JSON path, a Blue Prism process/page/stage), one logical location
 * (`fullyQualifiedName`, `name` = its last segment, `kind` `object` or `element`). Waived findings carry an accepted external suppression; files that could not be
 * read become error notifications of the invocation. Validated in tests against the official
 * OASIS schema (test/fixtures/sarif/sarif-schema-2.1.0.json).
 *
 * Severity → level: critical and high → `error`, medium → `warning`, low → `note`. Rules of the
 * hardcoded_value and security categories also get a `security-severity` so GitHub ranks them as
 * security alerts.
 *
 * @module
 */
import { pathToFileURL } from 'node:url'
import { platformOfRuleId } from '../../domain/platforms.js'
import type { Severity } from '../../domain/severity.js'
import type { Finding } from '../analyze.js'
import type { LogicalLocation, RuleMeta } from '../rules/rule.js'
import { DEFAULT_RULE_DOCS_BASE_URL, ruleDocsUrl } from '../rules/rule-docs.js'
import type { ValidationReport } from './validation-report.js'

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json'

/** SARIF result levels. */
export type SarifLevel = 'error' | 'warning' | 'note'

export const SARIF_LEVELS: Readonly<Record<Severity, SarifLevel>> = Object.freeze({
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
})

const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
}
const SECURITY_CATEGORIES = new Set(['hardcoded_value', 'security'])

export interface SarifFormatOptions {
  /** Tool version (package.json version). */
  readonly toolVersion: string
  /** Absolute `file://` URI of the folder that file names are relative to (usually the cwd), ending in `/`. */
  readonly srcRootUri?: string
  /** Base URL of the rule pages (`<base>/<ruleId>`, see rule-docs.ts). */
  readonly docsBaseUrl?: string
}

/** A SARIF log: plain JSON, typed loosely (the schema test is the contract). */
export type SarifLog = {
  readonly $schema: string
  readonly version: '2.1.0'
  readonly runs: readonly Record<string, unknown>[]
}

/** A relative path as a URI reference: `/` separators, each segment percent-encoded. */
export function toUriReference(path: string): string {
  return path.replaceAll('\\', '/').split('/').map(encodeURIComponent).join('/')
}

function ruleDescriptor(rule: RuleMeta, severity: Severity, docsBaseUrl: string) {
  const helpUri = ruleDocsUrl(rule.ruleId, docsBaseUrl)
  const mirrors = rule.mirrors.length ? `Mirrors UiPath Workflow Analyzer ${rule.mirrors.join(', ')}.` : ''
  const tags = [
    ...new Set([
      rule.category,
      rule.platform,
      ...(SECURITY_CATEGORIES.has(rule.category) ? ['security'] : []),
    ]),
  ]
  return {
    id: rule.ruleId,
    name: rule.name,
    shortDescription: { text: rule.description },
    fullDescription: { text: [rule.description, rule.recommendation].join(' ') },
    help: {
      text: [rule.recommendation, mirrors, `Documentation: ${helpUri}`].filter(Boolean).join('\n'),
      markdown: [
        `**${rule.ruleId} (${rule.name})**: ${rule.description}`,
        '',
        rule.recommendation,
        ...(mirrors ? ['', mirrors] : []),
        '',
        `[Documentation](${helpUri})`,
      ].join('\n'),
    },
    helpUri,
    defaultConfiguration: { level: SARIF_LEVELS[severity] },
    properties: {
      tags,
      precision: 'high',
      severity,
      ...(SECURITY_CATEGORIES.has(rule.category) ? { 'security-severity': SECURITY_SEVERITY[severity] } : {}),
    },
  }
}

/**
 * Where a file is for SARIF: a relative reference under `%SRCROOT%` for a path inside the
 * working folder; an absolute `file://` URI (no uriBaseId) for one outside it, since a relative
 * reference must not begin with a slash or a drive letter.
 */
function artifactLocation(fileName: string): { uri: string; uriBaseId?: string } {
  const slashed = fileName.replaceAll('\\', '/')
  if (slashed.startsWith('/')) return { uri: pathToFileURL(slashed).href }
  if (/^[A-Za-z]:\//.test(slashed))
    return { uri: `file:///${toUriReference(slashed).replace(/^([A-Za-z])%3A/, '$1:')}` }
  return { uri: toUriReference(slashed), uriBaseId: '%SRCROOT%' }
}

function physicalLocation(
  fileName: string,
  line: number | null,
  column: number | null,
  logical?: LogicalLocation | undefined,
) {
  return {
    physicalLocation: {
      artifactLocation: artifactLocation(fileName),
      ...(line ? { region: { startLine: line, ...(column ? { startColumn: column } : {}) } } : {}),
    },
    ...(logical === undefined
      ? {}
      : {
          logicalLocations: [
            {
              name: lastSegment(logical.fullyQualifiedName),
              fullyQualifiedName: logical.fullyQualifiedName,
              kind: logical.kind,
            },
          ],
        }),
  }
}

/** `HTTP` of `/actions/Scope_Try/actions/HTTP`, `Log in` of `Process/Main/Log in`. */
function lastSegment(name: string): string {
  const parts = name.split('/').filter((part) => part !== '')
  return parts.at(-1) ?? name
}

/** Renders a report as a SARIF 2.1.0 log object (serialise with JSON.stringify). */
export function formatSarif(report: ValidationReport, options: SarifFormatOptions): SarifLog {
  const docsBaseUrl = options.docsBaseUrl ?? DEFAULT_RULE_DOCS_BASE_URL
  const descriptors: ReturnType<typeof ruleDescriptor>[] = []
  const ruleIndex = new Map<string, number>()
  const addRule = (rule: RuleMeta, severity: Severity) => {
    if (ruleIndex.has(rule.ruleId)) return
    ruleIndex.set(rule.ruleId, descriptors.length)
    descriptors.push(ruleDescriptor(rule, severity, docsBaseUrl))
  }
  for (const { rule, severity } of report.rules) addRule(rule, severity)

  const results = report.results.flatMap((result) =>
    result.findings.map((finding: Finding) => {
      if (!ruleIndex.has(finding.ruleId)) {
        addRule(
          {
            ...finding,
            platform: platformOfRuleId(finding.ruleId) ?? result.platform,
            name: finding.ruleId.toLowerCase(),
            mirrors: [],
          },
          finding.severity,
        )
      }
      return {
        ruleId: finding.ruleId,
        ruleIndex: ruleIndex.get(finding.ruleId)!,
        level: SARIF_LEVELS[finding.severity],
        message: {
          text: [finding.description, finding.message, `Activity: ${finding.activity}.`]
            .filter(Boolean)
            .join(' '),
        },
        // A project's findings are in its files: the project (folder or archive) name + the path;
        // a single export of another platform is its own one file (its path is its name).
        locations: [
          physicalLocation(
            'path' in finding && typeof finding.path === 'string' && finding.path !== result.fileName
              ? `${result.fileName}/${finding.path}`
              : result.fileName,
            finding.line,
            finding.column,
            finding.logicalLocation,
          ),
        ],
        // Code scanning matches results across commits by these; ours survive line moves.
        partialFingerprints: { 'flowcertaFindingHash/v1': finding.fingerprint },
        properties: {
          severity: finding.severity,
          category: finding.category,
          activity: finding.activity,
          policyPackSlug: result.policyPackSlug,
        },
        ...(finding.waivedBy
          ? {
              suppressions: [
                {
                  kind: 'external',
                  status: 'accepted',
                  justification: `Approved risk exception ${finding.waivedBy}`,
                },
              ],
            }
          : {}),
      }
    }),
  )

  const notifications = [
    ...report.errors.map((error) => ({
      level: 'error',
      message: { text: `${error.code}: ${error.message}` },
      locations: [physicalLocation(error.fileName, error.line, error.column)],
      descriptor: { id: error.code },
    })),
    ...report.results.flatMap((result) =>
      result.ruleErrors.map((error) => ({
        level: 'error',
        message: { text: `Rule ${error.ruleId} failed on ${result.fileName}: ${error.message}` },
        locations: [physicalLocation(result.fileName, null, null)],
        associatedRule: { id: error.ruleId },
      })),
    ),
  ]

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Flowcerta',
            informationUri: 'https://flowcerta.dev/',
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            rules: descriptors,
          },
        },
        invocations: [
          { executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications },
        ],
        ...(options.srcRootUri ? { originalUriBaseIds: { '%SRCROOT%': { uri: options.srcRootUri } } } : {}),
        columnKind: 'unicodeCodePoints',
        results,
      },
    ],
  }
}
