/**
 * Shared helpers for the hardcoded_value rules (FC-UIP-HCD-*): enumerate every place a workflow
 * writes a value (literals, VB/C# expressions, variable and argument defaults) and pull the string
 * constants out of expression source. Not a rule: it lives in support/ so the catalogue test ignores it.
 *
 * @module
 */
import type { ExpressionLanguage, WorkflowModel, XamlNode } from '../../xaml/workflow-model.js'
import { activityLabel, type RawFinding } from '../rule.js'
import { type OptionSpec, stringListOption } from '../rule-options.js'

/** One place where the workflow writes a value. */
export interface ValueSite {
  /** `literal`: plain text as written; `expression`: VB/C# source. */
  readonly kind: 'literal' | 'expression'
  readonly text: string
  readonly language: ExpressionLanguage
  /** Meaningful owner node (activity, variable, …); undefined for argument defaults on the root. */
  readonly owner: XamlNode | undefined
  /** Attribute / property member (`Text`, `Value`, `TimeoutMS`, `Default`, `Main.in_Arg`). */
  readonly property: string
  /** `x:Key` of a dictionary-like wrapper (InvokeWorkflowFile arguments, HTTP headers). */
  readonly key: string | undefined
  readonly line: number
  readonly column: number
}

/** Properties that never carry runtime values: labels and names. */
const NON_VALUE_PROPERTIES: ReadonlySet<string> = new Set(['DisplayName', 'Name', 'x:Key'])

/**
 * Every value site of the model, in document order of literals then expressions (callers sort
 * findings anyway). Skips labels (DisplayName, variable names), flags (`IsPassword="True"`,
 * `Operator="Equality"`: settings, not data — `XamlLiteral.flag`), markup extensions (`{x:Null}`
 * never reaches the literals), l-value expressions (`Assign.To` and OutArguments name a target,
 * they hold no value) and root attributes that are not argument defaults (`VisualBasic.Settings`, …).
 * `ExpressionText="…"` of `VisualBasicValue`/`CSharpValue` elements is an expression in the model.
 */
export function valueSites(model: WorkflowModel): readonly ValueSite[] {
  let sites = SITES_BY_MODEL.get(model)
  if (sites === undefined) {
    sites = collectValueSites(model)
    SITES_BY_MODEL.set(model, sites)
  }
  return sites
}

/**
 * Value sites and their string constants, read once per model: seven rules and more walk them, and
 * each used to rebuild the list and rescan every expression for strings.
 */
const SITES_BY_MODEL = new WeakMap<WorkflowModel, readonly ValueSite[]>()

/** A site as collectValueSites makes it: its string constants kept on it once read (a WeakMap per site cost more in GC than it saved). */
type CachingSite = ValueSite & { constants?: readonly string[] | undefined }

function collectValueSites(model: WorkflowModel): ValueSite[] {
  const sites: CachingSite[] = []
  const argumentNames = new Set(model.arguments.map((a) => a.name))
  const isArgumentDefault = (property: string | undefined): boolean => {
    if (property === undefined) return false
    const dot = property.lastIndexOf('.')
    return dot > 0 && argumentNames.has(property.slice(dot + 1))
  }
  for (const l of model.literals) {
    if (l.flag || NON_VALUE_PROPERTIES.has(l.property)) continue
    if (l.owner === undefined && !isArgumentDefault(l.property)) continue
    sites.push({
      kind: 'literal',
      text: l.value,
      language: model.expressionLanguage,
      owner: l.owner,
      property: l.property,
      key: l.key,
      line: l.line,
      column: l.column,
      constants: undefined,
    })
  }
  for (const e of model.expressions) {
    if (e.role !== 'value') continue
    const property = e.property ?? ''
    if (e.owner === undefined && !isArgumentDefault(property)) continue
    sites.push({
      kind: 'expression',
      text: e.text,
      language: e.language,
      owner: e.owner,
      property,
      key: e.key,
      line: e.line,
      column: e.column,
      constants: undefined,
    })
  }
  return sites
}

/**
 * The string constants of a value: the literal itself, or every string literal in the expression
 * source (VB `"a""b"`; C# `"a\"b"`, verbatim `@"C:\x"`, and the text parts of `$"…{x}…"`).
 * Never throws; an unterminated string runs to the end of the text.
 */
export function stringConstants(site: ValueSite): readonly string[] {
  const caching = site as CachingSite
  let constants = caching.constants
  if (constants === undefined) {
    constants =
      site.kind === 'literal'
        ? site.text.length > 0
          ? [site.text]
          : []
        : expressionStrings(site.text, site.language)
    caching.constants = constants
  }
  return constants
}

/** String literals in VB or C# expression source (see {@link stringConstants}). */
export function expressionStrings(source: string, language: ExpressionLanguage): string[] {
  const out: string[] = []
  let i = source.indexOf('"')
  while (i >= 0) {
    const { value, end } = scanString(source, i, language)
    if (value.length > 0) out.push(value)
    i = source.indexOf('"', end + 1)
  }
  return out
}

/**
 * Reads the string literal whose opening quote is at `quote`; returns its value and the index of
 * its closing quote (or the text's length when unterminated). The prefix (`@`, `$`, `$@`) is read
 * from the characters before the quote.
 */
function scanString(
  source: string,
  quote: number,
  language: ExpressionLanguage,
): { value: string; end: number } {
  const n = source.length
  const p1 = quote > 0 ? source[quote - 1] : ''
  const p2 = quote > 1 ? source[quote - 2] : ''
  const verbatim = language === 'CSharp' && (p1 === '@' || (p1 === '$' && p2 === '@'))
  const interpolated = p1 === '$' || (p1 === '@' && p2 === '$')
  const cStyle = language === 'CSharp' && !verbatim
  // Plain runs are copied as slices (from `run` to the next special character), not character by
  // character: every expression of every file is scanned, and `+=` per character made a string each.
  let value = ''
  let run = quote + 1
  let depth = 0
  let j = quote + 1
  while (j < n) {
    const ch = source[j] as string
    if (depth > 0) {
      // Inside an interpolation hole: code, not text (nested strings are skipped with it).
      if (ch === '{') depth++
      else if (ch === '}') depth--
      j++
      if (depth === 0) run = j
      continue
    }
    if (interpolated && ch === '{' && source[j + 1] !== '{') {
      value += `${source.slice(run, j)} `
      depth = 1
      j++
      continue
    }
    if (cStyle && ch === '\\' && j + 1 < n) {
      const e = source[j + 1] as string
      value += source.slice(run, j) + (e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e)
      j += 2
      run = j
      continue
    }
    if (ch === '"') {
      if (!cStyle && source[j + 1] === '"') {
        value += `${source.slice(run, j)}"`
        j += 2
        run = j
        continue
      }
      return { value: value + source.slice(run, j), end: j }
    }
    j++
  }
  // Unterminated: the text runs to the end (an open hole adds nothing more).
  return { value: depth > 0 ? value : value + source.slice(run, n), end: n }
}

/**
 * The whole value when it is nothing but a constant string: a literal, or an expression that is a
 * single string literal (`"abc"`, `@"abc"`, optionally in parentheses). Undefined otherwise
 * (variables, config lookups, concatenations, method calls).
 */
export function constantString(site: Pick<ValueSite, 'kind' | 'text' | 'language'>): string | undefined {
  if (site.kind === 'literal') return site.text
  let t = site.text.trim()
  while (t.startsWith('(') && t.endsWith(')')) t = t.slice(1, -1).trim()
  let q = 0
  if (site.language === 'CSharp' && t.startsWith('@')) q = 1
  if (t[q] !== '"') return undefined
  const { value, end } = scanString(t, q, site.language)
  return end === t.length - 1 ? value : undefined
}

/** Label for a finding at a value site: the owning activity (or the variable's scope), else the workflow. */
export function siteActivity(site: ValueSite, model: WorkflowModel): string {
  const owner = site.owner
  if (owner === undefined) return model.className ?? model.root.type
  if (owner.kind === 'variable') {
    const scope = owner.parent?.kind === 'activity' ? owner.parent : owner.parentActivity
    return scope === undefined ? owner.type : activityLabel(scope)
  }
  return activityLabel(owner)
}

/** What a value site is set on, for messages: `property Url`, `variable "x" default`, `argument "in_X" default`. */
export function siteWhere(site: ValueSite): string {
  const owner = site.owner
  if (owner === undefined) {
    const dot = site.property.lastIndexOf('.')
    return `default of argument "${site.property.slice(dot + 1)}"`
  }
  if (owner.kind === 'variable') return `default of variable "${owner.attributes.get('Name')?.value ?? ''}"`
  return site.key === undefined ? `property ${site.property}` : `${site.property} "${site.key}"`
}

/** True when the site is inside (or is) an activity of one of these canonical types. */
export function isOwnedBy(site: ValueSite, types: ReadonlySet<string>): boolean {
  const owner = site.owner
  return owner !== undefined && types.has(owner.type)
}

/**
 * The `ignoredActivityTypes` option of the hardcoded-value rules: activity types whose values are
 * documentation (a Comment), not configuration.
 */
export function ignoredActivityTypesOption(
  defaultTypes: readonly string[],
  description = 'Activity types whose values are documentation, not configuration (canonical model types)',
): OptionSpec<readonly string[]> {
  return stringListOption({ default: defaultTypes, description })
}

/**
 * The hardcoded-value rules' loop: every value site, less those in `ignoredActivityTypes` and on
 * `ignoredProperties`; the first string constant of a site in which `find` finds something; one
 * finding there, worded by `report`.
 */
export function findHardcodedValues<T>(
  model: WorkflowModel,
  ignored: { activityTypes: readonly string[]; properties?: readonly string[] },
  find: (constant: string) => T | undefined,
  report: (found: T, site: ValueSite) => { message: string; value?: string },
): RawFinding[] {
  const ignoredTypes = new Set(ignored.activityTypes)
  const ignoredProperties = new Set(ignored.properties)
  const findings: RawFinding[] = []
  for (const site of valueSites(model)) {
    if (isOwnedBy(site, ignoredTypes) || ignoredProperties.has(site.property)) continue
    let found: T | undefined
    for (const constant of stringConstants(site)) {
      found = find(constant)
      if (found !== undefined) break
    }
    if (found === undefined) continue
    findings.push({
      line: site.line,
      column: site.column,
      activity: siteActivity(site, model),
      ...report(found, site),
    })
  }
  return findings
}
