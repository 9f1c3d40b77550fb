/**
 * project.json, read tolerantly: what Studio writes varies across 20 years of versions (no
 * `name` in 2019 projects, no `studioVersion` in some, a dependency version without brackets,
 * a UTF-8 BOM), so every field is optional and a field of the wrong type is reported as a problem
 * instead of failing the whole project. Pure.
 */
import type { ExpressionLanguage } from '../xaml/workflow-model.js'

/** A dependency as declared: `"UiPath.System.Activities": "[24.10.5]"`. */
export interface ProjectDependency {
  readonly name: string
  /** The version text as written (`[24.10.5]`, `2.4.0`, `[23.10.4, )`). */
  readonly versionRange: string
  /** The lowest version the range allows, when it names one (`24.10.5`). */
  readonly minimumVersion: string | undefined
}

export interface ProjectEntryPoint {
  /** `/`-separated path inside the project. */
  readonly filePath: string
  readonly uniqueId: string | undefined
}

/** One `designOptions.fileInfoCollection` item: how Studio marks test cases. */
export interface ProjectFileInfo {
  readonly filePath: string
  readonly testCaseId: string | undefined
  readonly testCaseType: string | undefined
}

export interface ProjectDescriptor {
  readonly name: string | undefined
  readonly description: string | undefined
  /** `projectVersion` (current Studio) or `version` (older). */
  readonly version: string | undefined
  /** `/`-separated path of the main workflow, as project.json names it. */
  readonly main: string | undefined
  readonly entryPoints: readonly ProjectEntryPoint[]
  readonly dependencies: readonly ProjectDependency[]
  /** `VisualBasic` or `CSharp`; undefined when not declared (Studio then means VisualBasic). */
  readonly expressionLanguage: ExpressionLanguage | undefined
  /** `Legacy`, `Windows`, `Portable` (cross-platform), as written. */
  readonly targetFramework: string | undefined
  /** `designOptions.outputType`: `Process`, `Library`, `Tests`, … */
  readonly outputType: string | undefined
  /**
   * `designOptions.projectProfile`: `Business` for a StudioX project, `Developement` (sic, as
   * Studio writes it) or `Development` for Studio; undefined in older projects.
   */
  readonly projectProfile: string | undefined
  readonly studioVersion: string | undefined
  /** `runtimeOptions.supportsPersistence`: the process may suspend and resume (long-running). */
  readonly supportsPersistence: boolean
  readonly fileInfo: readonly ProjectFileInfo[]
}

export interface ProjectDescriptorProblem {
  readonly field: string
  readonly reason: string
}

export type ParsedProjectDescriptor =
  | {
      readonly ok: true
      readonly descriptor: ProjectDescriptor
      readonly problems: readonly ProjectDescriptorProblem[]
    }
  | { readonly ok: false; readonly problems: readonly ProjectDescriptorProblem[] }

/** `Framework\InitAllSettings.xaml` / `./Main.xaml` → `Framework/InitAllSettings.xaml`. */
export function projectPath(path: string): string {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/')
}

/** `[24.10.5]`, `[23.10.4, )`, `2.4.0` → the lowest version named. */
function minimumVersionOf(range: string): string | undefined {
  const match = /^\s*[[(]?\s*([0-9][0-9A-Za-z.+-]*)/.exec(range)
  return match?.[1]
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function parseProjectDescriptor(bytes: Buffer | string): ParsedProjectDescriptor {
  const text = (typeof bytes === 'string' ? bytes : bytes.toString('utf8')).replace(/^\uFEFF/, '')
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return {
      ok: false,
      problems: [{ field: 'project.json', reason: `is not valid JSON (${(error as Error).message})` }],
    }
  }
  if (!isRecord(json))
    return { ok: false, problems: [{ field: 'project.json', reason: 'is not a JSON object' }] }
  const problems: ProjectDescriptorProblem[] = []
  const text_ = (field: string, value: unknown): string | undefined => {
    if (value === undefined || value === null) return undefined
    if (typeof value === 'string') return value
    problems.push({ field, reason: 'is not a string' })
    return undefined
  }
  const design = isRecord(json.designOptions) ? json.designOptions : {}

  const dependencies: ProjectDependency[] = []
  if (isRecord(json.dependencies)) {
    for (const [name, range] of Object.entries(json.dependencies)) {
      if (typeof range !== 'string') {
        problems.push({ field: `dependencies.${name}`, reason: 'is not a version string' })
        continue
      }
      dependencies.push({ name, versionRange: range, minimumVersion: minimumVersionOf(range) })
    }
  } else if (json.dependencies !== undefined)
    problems.push({ field: 'dependencies', reason: 'is not an object' })

  const entryPoints: ProjectEntryPoint[] = []
  if (Array.isArray(json.entryPoints)) {
    json.entryPoints.forEach((item: unknown, index) => {
      if (!isRecord(item) || typeof item.filePath !== 'string') {
        problems.push({ field: `entryPoints[${index}].filePath`, reason: 'is missing' })
        return
      }
      entryPoints.push({
        filePath: projectPath(item.filePath),
        uniqueId: typeof item.uniqueId === 'string' ? item.uniqueId : undefined,
      })
    })
  }

  const fileInfo: ProjectFileInfo[] = []
  if (Array.isArray(design.fileInfoCollection)) {
    for (const item of design.fileInfoCollection as unknown[]) {
      if (!isRecord(item) || typeof item.fileName !== 'string') continue
      fileInfo.push({
        filePath: projectPath(item.fileName),
        testCaseId: typeof item.testCaseId === 'string' ? item.testCaseId : undefined,
        testCaseType: typeof item.testCaseType === 'string' ? item.testCaseType : undefined,
      })
    }
  }

  const language = text_('expressionLanguage', json.expressionLanguage)
  let expressionLanguage: ExpressionLanguage | undefined
  if (language === 'VisualBasic' || language === 'CSharp') expressionLanguage = language
  else if (language !== undefined)
    problems.push({ field: 'expressionLanguage', reason: `is "${language}", not VisualBasic or CSharp` })

  const main = text_('main', json.main)
  return {
    ok: true,
    problems,
    descriptor: {
      name: text_('name', json.name),
      description: text_('description', json.description),
      version: text_('projectVersion', json.projectVersion) ?? text_('version', json.version),
      main: main === undefined ? undefined : projectPath(main),
      entryPoints,
      dependencies,
      expressionLanguage,
      targetFramework: text_('targetFramework', json.targetFramework),
      outputType: text_('designOptions.outputType', design.outputType),
      projectProfile: text_('designOptions.projectProfile', design.projectProfile),
      studioVersion: text_('studioVersion', json.studioVersion),
      supportsPersistence: isRecord(json.runtimeOptions) && json.runtimeOptions.supportsPersistence === true,
      fileInfo,
    },
  }
}

/** 1-based line of the first `"key":` in JSON text (1 when absent): where a finding about it points. */
export function jsonKeyLine(text: string | undefined, key: string): number {
  if (text === undefined) return 1
  const at = text.indexOf(`"${key}"`)
  if (at < 0) return 1
  let line = 1
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++
  return line
}
