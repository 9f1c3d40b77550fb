/**
 * `flowcerta validate <files or folders…>`: checks workflows against a policy pack, offline.
 *
 * - A folder of Power Automate or Blue Prism files (an unpacked solution or package, flow JSON,
 *   exports) is one submission of that platform, told by its files' content; a folder of several
 *   platforms is refused with MIXED_PLATFORMS (exit 2) (src/input/read-folder-submission.ts), as
 *   is a zip that does (src/input/platforms-of-files.ts, the rule the API holds zips to).
 * - Other folders are searched recursively for `*.xaml`; files are taken as given, and each file's
 *   platform is told from its content as the API does (src/input/read-submission.ts): a Blue
 *   Prism release, process or object, a Power Automate flow JSON, or a zip of either, is analysed
 *   as one submission of that platform; anything else is read as a UiPath workflow, as before.
 * - `--pack`: one pack for every input (an input of another platform than the pack's is refused
 *   with POLICY_PACK_PLATFORM_MISMATCH, exit 2); without it each input gets its platform's default
 *   pack (`uipath-reframework-baseline`, `power-automate-general`, `blue-prism-general`). With
 *   `--server` and no `--pack`, UiPath inputs are sent with the UiPath default as before, and the
 *   other platforms' with none (the org's default for the platform applies).
 * - One folder with a `project.json` at its top, or one project archive (`.zip`, `.nupkg`, told
 *   apart by its bytes), is validated as ONE project: project rules run, framework rules follow
 *   the REFramework wherever it lives, locations are `<path in project>:<line>` (see
 *   analyze-project.ts). Archives are read with the same hostile-input checks as the API's.
 *   `--no-project` checks a project folder's files one by one instead (as before projects).
 * - `--baseline <report.json>`: a JSON report of an earlier run; findings whose fingerprint is in
 *   it are left out of the report and of the exit code, so CI fails only on new findings.
 * - `--server <url>` (key from `--api-key` or FLOWCERTA_API_KEY): send the input to a Flowcerta
 *   server instead of analysing here (src/cli/validate-remotely.ts), so the org's packs and
 *   approved exceptions apply and the result is stored and announced; same output and exit codes.
 * - `--format text` (default; colour when stdout is a TTY and NO_COLOR is unset), `json`, `sarif`.
 * - `--output <file>` writes the report there instead of stdout.
 * - `--docs-base-url <url>`: where findings' `docsUrl` and SARIF `helpUri` point (`<url>/<ruleId>`).
 *   Default: the rule pages of the instance at `FLOWCERTA_PUBLIC_URL` (`<public URL>/docs/rules`),
 *   so a CI job configured like the server links to the server; without it, those of an instance
 *   started with the default settings (`http://127.0.0.1:8080/docs/rules`). See rule-docs.ts.
 * - A progress bar is drawn on stderr when it is a TTY and there is more than one file.
 * - Many files are spread over worker threads (`--workers N`; by default the number of CPUs, and
 *   only for large inputs, see {@link POOL_MIN_BYTES}), on the same AnalysisPool the API uses.
 *
 * Exit codes: 0 nothing fails; 1 a failing result (see `--fail-on`); 2 usage error (bad flag,
 * unknown pack) or unreadable input (missing path, no .xaml found, read error).
 * A file that is not a readable workflow (XAML parse error, too large, not a workflow) is a
 * *failing input*, not a usage error: it is listed in the report's `errors` and fails the run
 * like a failing result (exit 1 under `--fail-on blocking|any`, ignored with `--fail-on never`),
 * since a broken file must not slip through a gate, whatever the pack's enforcement mode.
 *
 * @module
 */
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { availableParallelism } from 'node:os'
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type Command, InvalidArgumentError, Option } from 'commander'
import { AnalysisPool } from '../analysis/analysis-pool.js'
import type { AnalysisResult } from '../analysis/analyze.js'
import { formatJson } from '../analysis/formats/json-format.js'
import { formatSarif } from '../analysis/formats/sarif-format.js'
import { formatText } from '../analysis/formats/text-format.js'
import type { FileError, ValidationReport } from '../analysis/formats/validation-report.js'
import type { PackRule, PolicyPack } from '../analysis/packs/policy-pack.js'
import {
  DEFAULT_POLICY_PACK_SLUG,
  DEFAULT_POLICY_PACK_SLUGS,
  getPolicyPack,
  listPolicyPacks,
} from '../analysis/packs/policy-packs.js'
import { InputFileError } from '../analysis/platform-analyzer.js'
import { DEFAULT_RULE_DOCS_BASE_URL, instanceRuleDocsBaseUrl } from '../analysis/rules/rule-docs.js'
import { isXamlError } from '../analysis/xaml/xaml-error.js'
import { ConfigError, parsePublicUrl } from '../config/config.js'
import { AppError } from '../domain/errors/app-error.js'
import { PLATFORM_LABELS, type Platform } from '../domain/platforms.js'
import { zipFiles } from '../input/archive/zip-writer.js'
import type { DetectedPlatform } from '../input/detect-platform.js'
import {
  detectFolderPlatform,
  type FolderSubmission,
  folderArchive,
  readFolderSubmission,
} from '../input/read-folder-submission.js'
import { detectSubmissionPlatform, readSubmission, type Submission } from '../input/read-submission.js'
import {
  isZipArchive,
  readUiPathProjectArchive,
  type UiPathProjectFiles,
} from '../input/read-uipath-project-archive.js'
import { planUiPathProject } from '../input/uipath-project-layout.js'
import { VERSION } from '../version.js'
import { type RemoteUpload, validateRemotely } from './validate-remotely.js'

// Same values as cli-support.ts; not imported from there, which would load the store, config and
// logger behind it for an offline command.
const EXIT_OK = 0
const EXIT_FAILED = 1
const EXIT_USAGE = 2

/**
 * Without an explicit `--workers`, the pool is used only for at least this many files totalling at
 * least {@link POOL_MIN_BYTES}: each worker pays its own start-up and JIT warm-up, which on the
 * 2-core reference machine outweighs the gain for the whole 1.7 MB corpus (see bench/README.md).
 * An explicit `--workers N` (N >= 2) uses the pool for any 2+ files.
 */
export const POOL_MIN_FILES = 8
export const POOL_MIN_BYTES = 32 * 1024 * 1024

const FORMATS = ['text', 'json', 'sarif'] as const
const FAIL_ON = ['blocking', 'any', 'never'] as const

export interface ValidateOptions {
  /** undefined: each input's platform's default pack (DEFAULT_POLICY_PACK_SLUGS). */
  readonly pack?: string | undefined
  readonly format: (typeof FORMATS)[number]
  readonly output?: string
  readonly failOn: (typeof FAIL_ON)[number]
  readonly workers?: number
  readonly docsBaseUrl?: string
  readonly baseline?: string
  /** false (`--no-project`): a project folder's files are checked one by one, as plain files. */
  readonly project?: boolean
  readonly server?: string
  readonly apiKey?: string
  readonly label?: string
}

/** One file to analyse. */
interface FileTask {
  /** Absolute path to read. */
  readonly path: string
  /** Name in the report and in locations: relative to the cwd when inside it, else absolute. */
  readonly fileName: string
  /** Path relative to the UiPath project root (folder with project.json), for rules' appliesTo. */
  readonly relativePath: string
  /** Size in bytes when listed. */
  readonly size: number
  /** A folder of Power Automate or Blue Prism files: read and analysed as one submission. */
  readonly folder?: OtherPlatformFolder
}

type OtherPlatformFolder = DetectedPlatform & { readonly platform: Exclude<Platform, 'uipath'> }

type FileOutcome =
  | { readonly kind: 'result'; readonly result: AnalysisResult }
  | { readonly kind: 'invalid'; readonly error: FileError }
  | { readonly kind: 'unreadable'; readonly error: FileError }

class ValidateUsageError extends Error {}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/')
}

function parseDocsBaseUrl(value: string): string {
  try {
    return parsePublicUrl(value, '--docs-base-url')
  } catch (error) {
    if (error instanceof ConfigError) throw new InvalidArgumentError(error.reason)
    throw error
  }
}

/** `--docs-base-url`, else the rule pages of FLOWCERTA_PUBLIC_URL, else the default instance's. */
export function resolveDocsBaseUrl(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag !== undefined) return flag
  const publicUrl = env.FLOWCERTA_PUBLIC_URL?.trim()
  if (publicUrl) return instanceRuleDocsBaseUrl(parsePublicUrl(publicUrl, 'FLOWCERTA_PUBLIC_URL'))
  return DEFAULT_RULE_DOCS_BASE_URL
}

function parseWorkers(value: string): number {
  const workers = Number(value)
  if (!Number.isInteger(workers) || workers < 1) throw new InvalidArgumentError('must be a whole number >= 1')
  return workers
}

export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description(
      'check workflows against a policy pack: UiPath .xaml files, folders and project archives; Blue Prism releases, processes and objects; Power Automate flows, solutions and packages',
    )
    .argument(
      '<paths...>',
      'workflow files, exports, archives or folders (folders are searched recursively for *.xaml)',
    )
    .option(
      '-p, --pack <slug>',
      `policy pack (${listPolicyPacks()
        .map((p) => p.slug)
        .join(', ')}); default: the platform's default (${DEFAULT_POLICY_PACK_SLUG} for UiPath)`,
    )
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to this file instead of stdout')
    .addOption(
      new Option('--fail-on <when>', 'exit 1 when: a blocking pack fails, any result fails, or never')
        .choices(FAIL_ON)
        .default('blocking'),
    )
    .option(
      '-w, --workers <n>',
      'worker threads (default: number of CPUs, for large inputs only; 1 = none)',
      parseWorkers,
    )
    .option(
      '--server <url>',
      'send to this Flowcerta server (key: --api-key or FLOWCERTA_API_KEY) instead of analysing here',
    )
    .option(
      '--api-key <key>',
      'API key for --server (prefer FLOWCERTA_API_KEY: a flag shows in the process list)',
    )
    .option('--label <label>', 'with --server: the label stored with the result (a branch, a build)')
    .option(
      '--no-project',
      'check the files of a project folder or archive one by one instead of as one project',
    )
    .option(
      '--baseline <report.json>',
      'a JSON report of an earlier run: report and fail only on findings not in it (by fingerprint)',
    )
    .option(
      '--docs-base-url <url>',
      'base URL of the rule pages findings link to, as <url>/<ruleId> (default: FLOWCERTA_PUBLIC_URL/docs/rules)',
      parseDocsBaseUrl,
    )
    .action(async (paths: string[], options: ValidateOptions) => {
      process.exitCode = await runValidate(paths, options)
    })
}

/** Runs the command; returns the exit code. Exported for tests. */
export async function runValidate(paths: readonly string[], options: ValidateOptions): Promise<number> {
  let tasks: FileTask[]
  let docsBaseUrl: string
  let baseline: ReadonlySet<string> | undefined
  let project: ProjectInput | undefined
  const pack = options.pack === undefined ? undefined : getPolicyPack(options.pack)
  try {
    try {
      docsBaseUrl = resolveDocsBaseUrl(options.docsBaseUrl, process.env)
    } catch (error) {
      if (error instanceof ConfigError) throw new ValidateUsageError(error.message)
      throw error
    }
    if (options.pack !== undefined && !pack) {
      throw new ValidateUsageError(
        `unknown policy pack "${options.pack}" (available: ${listPolicyPacks()
          .map((p) => p.slug)
          .join(', ')})`,
      )
    }
    baseline = options.baseline === undefined ? undefined : readBaseline(options.baseline)
    project =
      paths.length === 1 && options.project !== false ? await projectInput(paths[0] as string) : undefined
    tasks = project === undefined ? await collectFiles(paths) : []
  } catch (error) {
    if (!(error instanceof ValidateUsageError)) throw error
    process.stderr.write(`flowcerta validate: ${error.message}\n`)
    return EXIT_USAGE
  }

  let outcomes: FileOutcome[]
  if (options.server !== undefined) {
    const apiKey = options.apiKey ?? process.env.FLOWCERTA_API_KEY
    if (apiKey === undefined || apiKey === '') {
      process.stderr.write(
        'flowcerta validate: --server needs an API key: set FLOWCERTA_API_KEY (or --api-key)\n',
      )
      return EXIT_USAGE
    }
    const remote = await validateRemotely({
      server: options.server,
      apiKey,
      label: options.label,
      packSlug: options.pack,
      project: project === undefined ? undefined : await projectUpload(project),
      files: tasks.map((task) => remoteUpload(task)),
    })
    if (remote.kind === 'refused') {
      process.stderr.write(`flowcerta validate: ${remote.message}\n`)
      return EXIT_USAGE
    }
    outcomes = remote.outcomes
  } else if (project !== undefined) {
    const outcome = await analyzeProjectInput(project, options.pack ?? DEFAULT_POLICY_PACK_SLUG, docsBaseUrl)
    if (outcome.kind === 'refused') {
      process.stderr.write(`flowcerta validate: ${outcome.message}\n`)
      return EXIT_USAGE
    }
    outcomes = [outcome]
  } else {
    const progress = createProgress(tasks.length)
    // undefined = let analyzeAll decide from the input size (a pool only pays off on big inputs).
    outcomes = await analyzeAll(tasks, options.pack, docsBaseUrl, options.workers, progress.tick)
    progress.done()
  }

  const results: AnalysisResult[] = []
  const errors: FileError[] = []
  let unreadable = 0
  for (const outcome of outcomes) {
    if (outcome.kind === 'result')
      results.push(baseline === undefined ? outcome.result : withoutBaseline(outcome.result, baseline))
    else errors.push(outcome.error)
    if (outcome.kind === 'unreadable') unreadable++
  }
  const report: ValidationReport = { results, errors, rules: reportRules(pack, results) }

  const toStdout = options.output === undefined
  let text: string
  if (options.format === 'json') text = formatJson(report)
  else if (options.format === 'sarif') {
    const log = formatSarif(report, {
      toolVersion: VERSION,
      srcRootUri: `${pathToFileURL(process.cwd()).href}/`,
      docsBaseUrl,
    })
    text = `${JSON.stringify(log, null, 2)}\n`
  } else text = formatText(report, { color: toStdout && useColor(process.stdout) })

  if (toStdout) process.stdout.write(text)
  else {
    try {
      writeFileSync(options.output!, text)
    } catch (error) {
      process.stderr.write(
        `flowcerta validate: cannot write ${options.output}: ${(error as Error).message}\n`,
      )
      return EXIT_USAGE
    }
  }
  for (const result of results) {
    for (const ruleError of result.ruleErrors) {
      process.stderr.write(
        `flowcerta validate: rule ${ruleError.ruleId} failed on ${result.fileName}: ${ruleError.message}\n`,
      )
    }
  }

  if (unreadable > 0) return EXIT_USAGE
  if (options.failOn === 'never') return EXIT_OK
  const invalidInputs = errors.length > 0
  const counts = (r: AnalysisResult) => options.failOn === 'any' || r.enforcementMode === 'blocking'
  // With a baseline only new findings fail the run: a result fails when a counted finding is left.
  const failing =
    baseline === undefined
      ? results.some((r) => !r.passed && counts(r))
      : results.some((r) => counts(r) && r.findings.some((finding) => finding.waivedBy === null))
  return failing || invalidInputs ? EXIT_FAILED : EXIT_OK
}

/** The rules a report describes: the pack's, or each default pack's of the platforms validated. */
function reportRules(pack: PolicyPack | undefined, results: readonly AnalysisResult[]): readonly PackRule[] {
  if (pack !== undefined) return pack.rules
  const platforms = new Set<Platform>(['uipath', ...results.map((result) => result.platform)])
  return [...platforms].flatMap((platform) => getPolicyPack(DEFAULT_POLICY_PACK_SLUGS[platform])?.rules ?? [])
}

/** The fingerprints of every finding in an earlier JSON report (`--format json`). */
function readBaseline(file: string): ReadonlySet<string> {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new ValidateUsageError(
      `--baseline ${file}: not a readable JSON report (${(error as Error).message})`,
    )
  }
  const results = (parsed as { results?: Array<{ findings?: Array<{ fingerprint?: unknown }> }> }).results
  if (!Array.isArray(results))
    throw new ValidateUsageError(`--baseline ${file}: not a flowcerta JSON report (no results)`)
  const fingerprints = new Set<string>()
  for (const result of results) {
    for (const finding of result.findings ?? [])
      if (typeof finding.fingerprint === 'string') fingerprints.add(finding.fingerprint)
  }
  return fingerprints
}

/** The result without the findings already in the baseline (score and summary kept as measured). */
function withoutBaseline(result: AnalysisResult, baseline: ReadonlySet<string>): AnalysisResult {
  return { ...result, findings: result.findings.filter((finding) => !baseline.has(finding.fingerprint)) }
}

type ProjectInput =
  | { readonly kind: 'folder'; readonly path: string; readonly name: string }
  | { readonly kind: 'archive'; readonly path: string; readonly name: string }

/** One folder with project.json at its top, or one archive: a project. Otherwise undefined. */
async function projectInput(argument: string): Promise<ProjectInput | undefined> {
  const path = resolve(process.cwd(), argument)
  let stats: ReturnType<typeof statSync>
  try {
    stats = statSync(path)
  } catch {
    throw new ValidateUsageError(`no such file or folder: ${argument}`)
  }
  const inCwd = relative(process.cwd(), path)
  const name = toPosix(inCwd && !inCwd.startsWith('..') && !isAbsolute(inCwd) ? inCwd : path)
  if (stats.isDirectory()) {
    if (!existsSync(join(path, 'project.json'))) return undefined
    // A project folder that holds another platform's files too is refused (MIXED_PLATFORMS).
    const detected = await folderPlatform(path, argument)
    return detected === undefined || detected.platform === 'uipath'
      ? { kind: 'folder', path, name }
      : undefined
  }
  const head = Buffer.alloc(4)
  const fd = openSync(path, 'r')
  try {
    readSync(fd, head, 0, 4, 0)
  } finally {
    closeSync(fd)
  }
  if (!isZipArchive(head)) return undefined
  // A zip of another platform's exports is one file of that platform (analyzeFile), not a UiPath
  // project; one that mixes platforms is refused as a folder that does is (MIXED_PLATFORMS, exit 2).
  // A hostile zip is refused by the archive reader below, with its code, as before platforms.
  const detected = await detectSubmissionPlatform(readFileSync(path), basename(path)).catch((error) => {
    if (error instanceof AppError && error.code === 'MIXED_PLATFORMS')
      throw new ValidateUsageError(`${argument}: ${error.code}: ${error.message}`)
    return undefined
  })
  return detected === undefined || detected.platform === 'uipath'
    ? { kind: 'archive', path, name }
    : undefined
}

/** What --server sends for a project: the archive as is, or the folder's project files zipped. */
async function projectUpload(input: ProjectInput): Promise<{ fileName: string; content: Buffer }> {
  if (input.kind === 'archive') return { fileName: basename(input.path), content: readFileSync(input.path) }
  const files = readProjectFolder(input)
  const entries = [
    ...(files.projectJson === null ? [] : [{ path: 'project.json', content: files.projectJson }]),
    ...files.workflows.map((file) => ({ path: file.path, content: file.content })),
  ]
  return { fileName: `${basename(input.path)}.zip`, content: zipFiles(entries) }
}

/** A project folder read as the archive reader reads an archive (the same layout rules). */
function readProjectFolder(input: ProjectInput): UiPathProjectFiles {
  const paths = readdirSync(input.path, { recursive: true, encoding: 'utf8' })
    .map(toPosix)
    .filter((name) => statSync(join(input.path, name)).isFile())
  const layout = planUiPathProject(paths, 'folder')
  return {
    kind: 'folder',
    root: layout.root,
    projectJson:
      layout.projectJsonPath === null ? null : readFileSync(join(input.path, layout.projectJsonPath)),
    workflows: layout.workflowPaths.map((path) => ({
      path: path.slice(layout.root.length),
      content: readFileSync(join(input.path, path)),
    })),
    skipped: layout.skipped,
  }
}

/** Reads a project (folder or archive) as the API does and analyses it as one submission. */
async function analyzeProjectInput(
  input: ProjectInput,
  packSlug: string,
  docsBaseUrl: string,
): Promise<FileOutcome | { readonly kind: 'refused'; readonly message: string }> {
  let files: UiPathProjectFiles
  try {
    files =
      input.kind === 'archive'
        ? await readUiPathProjectArchive(readFileSync(input.path))
        : readProjectFolder(input)
  } catch (error) {
    if (error instanceof AppError)
      return { kind: 'refused', message: `${input.name}: ${error.code}: ${error.message}` }
    throw error
  }
  const pool = new AnalysisPool(0)
  try {
    const result = await pool.analyzeProject({
      kind: 'project',
      submissionName: input.name,
      projectJson: files.projectJson,
      files: files.workflows,
      skipped: files.skipped,
      packSlug,
      waivers: [],
      docsBaseUrl,
    })
    return { kind: 'result', result }
  } finally {
    await pool.close()
  }
}

function useColor(stream: NodeJS.WriteStream): boolean {
  const force = process.env.FORCE_COLOR
  if (force !== undefined) return force !== '0' && force !== 'false'
  return stream.isTTY === true && process.env.NO_COLOR === undefined && process.env.TERM !== 'dumb'
}

/** A folder's platform by its files' content (read-folder-submission.ts); a refusal is a usage error. */
async function folderPlatform(path: string, argument: string): Promise<DetectedPlatform | undefined> {
  try {
    return await detectFolderPlatform(path)
  } catch (error) {
    if (error instanceof AppError)
      throw new ValidateUsageError(`${argument}: ${error.code}: ${error.message}`)
    throw error
  }
}

/**
 * Expands the arguments into files, in argument order, deduplicated: a folder of Power Automate or
 * Blue Prism files is one task (one submission); any other folder gives its `*.xaml`,
 * recursively, sorted.
 */
async function collectFiles(paths: readonly string[]): Promise<FileTask[]> {
  const cwd = process.cwd()
  const projectRoots = new Map<string, string | null>()
  const findProjectRoot = (dir: string): string | null => {
    const cached = projectRoots.get(dir)
    if (cached !== undefined) return cached
    const parent = dirname(dir)
    const root = existsSync(join(dir, 'project.json')) ? dir : parent === dir ? null : findProjectRoot(parent)
    projectRoots.set(dir, root)
    return root
  }
  const seen = new Set<string>()
  const tasks: FileTask[] = []
  const add = (path: string, base: string, size: number, folder?: OtherPlatformFolder) => {
    if (seen.has(path)) return
    seen.add(path)
    const inCwd = relative(cwd, path)
    const fileName = toPosix(inCwd && !inCwd.startsWith('..') && !isAbsolute(inCwd) ? inCwd : path)
    if (folder !== undefined) {
      tasks.push({ path, fileName, relativePath: basename(path), size, folder })
      return
    }
    const root = findProjectRoot(dirname(path)) ?? base
    tasks.push({ path, fileName, relativePath: toPosix(relative(root, path)) || basename(path), size })
  }
  for (const argument of paths) {
    const path = resolve(cwd, argument)
    let stats: ReturnType<typeof statSync>
    try {
      stats = statSync(path)
    } catch {
      throw new ValidateUsageError(`no such file or folder: ${argument}`)
    }
    if (stats.isDirectory()) {
      const detected = await folderPlatform(path, argument)
      if (detected !== undefined && detected.platform !== 'uipath') {
        add(path, path, 0, detected as OtherPlatformFolder)
        continue
      }
      const found = readdirSync(path, { recursive: true, encoding: 'utf8' })
        .filter((name) => name.toLowerCase().endsWith('.xaml'))
        .map((name) => ({ file: join(path, name), stats: statSync(join(path, name)) }))
        .filter(({ stats }) => stats.isFile())
        .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
      if (found.length === 0)
        throw new ValidateUsageError(
          `no workflows in ${argument} (no UiPath .xaml, Power Automate flow or Blue Prism export)`,
        )
      for (const { file, stats: fileStats } of found) add(file, path, fileStats.size)
    } else {
      add(path, dirname(path), stats.size)
    }
  }
  return tasks
}

/** Reads and analyses one file; never throws for a bad file. */
async function analyzeFile(
  pool: AnalysisPool,
  task: FileTask,
  packSlug: string | undefined,
  docsBaseUrl: string,
): Promise<FileOutcome> {
  if (task.folder !== undefined) return analyzeFolder(pool, task, task.folder, packSlug, docsBaseUrl)
  let content: Buffer
  try {
    content = readFileSync(task.path)
  } catch (error) {
    const message = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    return {
      kind: 'unreadable',
      error: {
        fileName: task.fileName,
        code: 'FILE_UNREADABLE',
        message: `cannot read file (${message})`,
        line: null,
        column: null,
      },
    }
  }
  const detected = await detectSubmissionPlatform(content, basename(task.path)).catch(() => undefined)
  if (detected !== undefined && detected.platform !== 'uipath') {
    return analyzePlatformFile(pool, task, content, packSlug, docsBaseUrl)
  }
  const mismatch = packMismatch(packSlug, 'uipath', task.fileName)
  if (mismatch !== undefined) return mismatch
  try {
    const result = await pool.analyze({
      content,
      fileName: task.fileName,
      relativePath: task.relativePath,
      packSlug: packSlug ?? DEFAULT_POLICY_PACK_SLUG,
      waivers: [],
      docsBaseUrl,
    })
    return { kind: 'result', result }
  } catch (error) {
    if (!isXamlError(error)) throw error
    return {
      kind: 'invalid',
      error: {
        fileName: task.fileName,
        code: error.code,
        message: error.message,
        line: error.line ?? null,
        column: error.column ?? null,
      },
    }
  }
}

/** A `--pack` of another platform than the input's: refused (exit 2), as an unknown pack is. */
function packMismatch(
  packSlug: string | undefined,
  platform: Platform,
  fileName: string,
): FileOutcome | undefined {
  const pack = packSlug === undefined ? undefined : getPolicyPack(packSlug)
  if (pack === undefined || pack.platform === platform) return undefined
  return {
    kind: 'unreadable',
    error: {
      fileName,
      code: 'POLICY_PACK_PLATFORM_MISMATCH',
      message: `the policy pack "${pack.slug}" checks ${PLATFORM_LABELS[pack.platform]} workflows; this file is ${PLATFORM_LABELS[platform]}`,
      line: null,
      column: null,
    },
  }
}

/** An input that is listed in the report's errors: failing (`invalid`) or stopping the run (`unreadable`). */
function failedInput(
  kind: 'invalid' | 'unreadable',
  fileName: string,
  code: string,
  message: string,
  line?: number,
  column?: number,
): FileOutcome {
  return { kind, error: { fileName, code, message, line: line ?? null, column: column ?? null } }
}

/** A Blue Prism or Power Automate file (or zip): read as the API reads it, analysed as one submission. */
async function analyzePlatformFile(
  pool: AnalysisPool,
  task: FileTask,
  content: Buffer,
  packSlug: string | undefined,
  docsBaseUrl: string,
): Promise<FileOutcome> {
  let submission: Submission
  try {
    submission = await readSubmission(content, basename(task.path))
  } catch (error) {
    if (error instanceof AppError) return failedInput('invalid', task.fileName, error.code, error.message)
    throw error
  }
  if (submission.platform === 'uipath') throw new Error('analyzePlatformFile: a UiPath file')
  const mismatch = packMismatch(packSlug, submission.platform, task.fileName)
  if (mismatch !== undefined) return mismatch
  return analyzeOtherPlatform(pool, task, submission, packSlug, docsBaseUrl)
}

/** A folder of Power Automate or Blue Prism files: read as a zip of it would be, one submission. */
async function analyzeFolder(
  pool: AnalysisPool,
  task: FileTask,
  folder: OtherPlatformFolder,
  packSlug: string | undefined,
  docsBaseUrl: string,
): Promise<FileOutcome> {
  const mismatch = packMismatch(packSlug, folder.platform, task.fileName)
  if (mismatch !== undefined) return mismatch
  let submission: FolderSubmission
  try {
    submission = await readFolderSubmission(task.path, folder)
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    return failedInput('unreadable', task.fileName, error.code, error.message)
  }
  return analyzeOtherPlatform(pool, task, submission, packSlug, docsBaseUrl)
}

/** Analyses a Power Automate or Blue Prism submission; a file its reader refuses is a failing input. */
async function analyzeOtherPlatform(
  pool: AnalysisPool,
  task: FileTask,
  submission: Pick<FolderSubmission, 'platform' | 'files' | 'skipped'>,
  packSlug: string | undefined,
  docsBaseUrl: string,
): Promise<FileOutcome> {
  try {
    const result = await pool.analyzeSubmission({
      kind: 'submission',
      platform: submission.platform,
      submissionName: task.fileName,
      files: submission.files,
      skipped: submission.skipped,
      packSlug: packSlug ?? DEFAULT_POLICY_PACK_SLUGS[submission.platform],
      waivers: [],
      docsBaseUrl,
    })
    return { kind: 'result', result }
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error
    const { line, column } = error.position
    return failedInput('invalid', task.fileName, error.code, error.message, line, column)
  }
}

/** What --server sends for a task: the file as is, or a folder of another platform zipped. */
function remoteUpload(task: FileTask): RemoteUpload {
  const folder = task.folder
  if (folder === undefined)
    return {
      fileName: task.fileName,
      sentName: basename(task.path),
      read: async () => readFileSync(task.path),
    }
  return {
    fileName: task.fileName,
    sentName: `${basename(task.path)}.zip`,
    read: async () => folderArchive(task.path, await readFolderSubmission(task.path, folder)),
  }
}

/** Files read and waiting on the pool, per thread: enough to keep every thread busy, no more in memory. */
const QUEUED_PER_THREAD = 2

/** Analyses every task, in-process or over worker threads; outcomes come back in task order. */
async function analyzeAll(
  tasks: readonly FileTask[],
  packSlug: string | undefined,
  docsBaseUrl: string,
  workers: number | undefined,
  onDone: (fileName: string) => void,
): Promise<FileOutcome[]> {
  const totalBytes = tasks.reduce((sum, task) => sum + task.size, 0)
  const worthIt = workers !== undefined || (tasks.length >= POOL_MIN_FILES && totalBytes >= POOL_MIN_BYTES)
  const poolSize = Math.min(workers ?? availableParallelism(), Math.ceil(tasks.length / 2))
  const pool = new AnalysisPool(worthIt && poolSize >= 2 ? poolSize : 0)
  try {
    const outcomes: FileOutcome[] = new Array(tasks.length)
    let next = 0
    const lane = async () => {
      for (let index = next++; index < tasks.length; index = next++) {
        outcomes[index] = await analyzeFile(pool, tasks[index]!, packSlug, docsBaseUrl)
        onDone(tasks[index]!.fileName)
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, pool.size * QUEUED_PER_THREAD) }, lane))
    return outcomes
  } finally {
    await pool.close()
  }
}

/** A one-line progress bar on stderr, only when stderr is a TTY and there is more than one file. */
function createProgress(total: number): { tick: (fileName: string) => void; done: () => void } {
  const stream = process.stderr
  if (!stream.isTTY || total < 2) return { tick: () => {}, done: () => {} }
  let count = 0
  let lastDraw = 0
  const draw = (fileName: string) => {
    const width = 24
    const filled = Math.round((count / total) * width)
    const columns = stream.columns || 80
    const line = `validating [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${count}/${total} ${fileName}`
    stream.write(`\r\u001b[K${line.slice(0, columns - 1)}`)
  }
  return {
    tick(fileName) {
      count++
      const now = Date.now()
      if (now - lastDraw >= 50 || count === total) {
        lastDraw = now
        draw(fileName)
      }
    },
    done() {
      stream.write('\r\u001b[K')
    },
  }
}
