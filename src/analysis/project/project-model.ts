/**
 * The project model: project.json, every workflow's model, the invocation graph, the test cases,
 * the entry points and the REFramework shape (when the project is one). Pure: bytes in, plain
 * data out; the project rules and the analyzer read it, nothing else builds it.
 */
import { parseXaml } from '../xaml/parse-xaml.js'
import type { WorkflowModel, XamlLimits } from '../xaml/workflow-model.js'
import { XamlError } from '../xaml/xaml-error.js'
import { buildInvocations, type Invocation, isCodedWorkflow, reachableFrom } from './invocation-graph.js'
import {
  type ParsedProjectDescriptor,
  type ProjectDescriptor,
  parseProjectDescriptor,
} from './project-descriptor.js'
import { detectReframework, type ReframeworkShape } from './reframework-shape.js'

export interface ProjectWorkflow {
  /** Path inside the project, `/`-separated. */
  readonly path: string
  /** The workflow's model, or undefined when the file could not be read (see `error`). */
  readonly model: WorkflowModel | undefined
  readonly error: XamlError | undefined
}

export interface ProjectModel {
  /** project.json, or undefined when the project has none or it is unreadable (see `descriptorProblems`). */
  readonly descriptor: ProjectDescriptor | undefined
  readonly hasProjectJson: boolean
  /** project.json as text (BOM removed), for finding lines in it. */
  readonly projectJsonText: string | undefined
  readonly descriptorProblems: ParsedProjectDescriptor['problems']
  readonly workflows: readonly ProjectWorkflow[]
  /** Lower-cased path → the workflow (Studio's paths compare case-insensitively). */
  readonly workflowsByLowerPath: ReadonlyMap<string, ProjectWorkflow>
  readonly invocations: readonly Invocation[]
  /** The main workflow's path when project.json names one that exists. */
  readonly mainPath: string | undefined
  /** Where execution may start: main, entryPoints and test cases that exist in the project. */
  readonly rootPaths: readonly string[]
  /** Test cases (fileInfoCollection items with a testCaseId) that exist in the project. */
  readonly testCasePaths: readonly string[]
  /** Workflows reachable from `rootPaths` through literal invocations. */
  readonly reachablePaths: ReadonlySet<string>
  /** Some reachable workflow invokes a file by expression: reachability is a lower bound. */
  readonly hasDynamicInvocations: boolean
  /**
   * The project has coded workflows (the UiPath.CodedWorkflows package, a coded main or entry
   * point, or an invocation of a `.cs`/`.vb` file): C# code can invoke any workflow, so
   * reachability is a lower bound here too.
   */
  readonly usesCodedWorkflows: boolean
  readonly reframework: ReframeworkShape | undefined
}

export interface ProjectSource {
  readonly projectJson: Buffer | string | null
  readonly files: ReadonlyArray<{ readonly path: string; readonly content: Buffer | string }>
  readonly limits?: Partial<XamlLimits>
}

/** Parses every workflow; a file that cannot be read keeps its XamlError instead of failing the project. */
export function parseProjectWorkflows(source: ProjectSource): ProjectWorkflow[] {
  return source.files.map((file) => {
    try {
      return { path: file.path, model: parseXaml(file.content, file.path, source.limits), error: undefined }
    } catch (error) {
      if (error instanceof XamlError) return { path: file.path, model: undefined, error }
      throw error
    }
  })
}

export function buildProjectModel(
  projectJson: Buffer | string | null,
  workflows: readonly ProjectWorkflow[],
): ProjectModel {
  const parsed = projectJson === null ? undefined : parseProjectDescriptor(projectJson)
  const descriptor = parsed?.ok === true ? parsed.descriptor : undefined
  const workflowsByLowerPath = new Map(workflows.map((workflow) => [workflow.path.toLowerCase(), workflow]))
  const existing = (path: string | undefined) =>
    path === undefined ? undefined : workflowsByLowerPath.get(path.toLowerCase())?.path
  const invocations = buildInvocations(workflows)
  const mainPath = existing(descriptor?.main)
  const testCasePaths = (descriptor?.fileInfo ?? [])
    .filter((info) => info.testCaseId !== undefined)
    .flatMap((info) => existing(info.filePath) ?? [])
  const entryPaths = (descriptor?.entryPoints ?? []).flatMap((entry) => existing(entry.filePath) ?? [])
  const rootPaths = [
    ...new Set([...(mainPath === undefined ? [] : [mainPath]), ...entryPaths, ...testCasePaths]),
  ]
  const reachablePaths = reachableFrom(rootPaths, invocations)
  const hasDynamicInvocations = invocations.some(
    (invocation) => invocation.target.kind === 'expression' && reachablePaths.has(invocation.from),
  )
  const usesCodedWorkflows =
    (descriptor?.dependencies ?? []).some(
      (dependency) => dependency.name.toLowerCase() === 'uipath.codedworkflows',
    ) ||
    [descriptor?.main ?? '', ...(descriptor?.entryPoints ?? []).map((entry) => entry.filePath)].some(
      isCodedWorkflow,
    ) ||
    invocations.some((invocation) => invocation.target.kind === 'coded')
  return {
    descriptor,
    hasProjectJson: projectJson !== null,
    projectJsonText:
      projectJson === null
        ? undefined
        : (typeof projectJson === 'string' ? projectJson : projectJson.toString('utf8')).replace(
            /^\uFEFF/,
            '',
          ),
    descriptorProblems: parsed?.problems ?? [],
    workflows,
    workflowsByLowerPath,
    invocations,
    mainPath,
    rootPaths,
    testCasePaths,
    reachablePaths,
    hasDynamicInvocations,
    usesCodedWorkflows,
    reframework: detectReframework(workflows, invocations, mainPath),
  }
}
