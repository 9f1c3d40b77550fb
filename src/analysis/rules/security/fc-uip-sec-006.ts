/**
 * FC-UIP-SEC-006 dynamic-code-execution: Invoke Code, Invoke PowerShell or Start Process whose code,
 * command or program is built at run time from variables or arguments (an injection risk), rather
 * than fixed in the workflow with data passed as parameters. Doc: docs/rules/FC-UIP-SEC-006.md.
 */
import type { XamlExpression, XamlNode } from '../../xaml/workflow-model.js'
import { defineRule, findingAt, type RawFinding } from '../rule.js'
import { regexOption, stringListOption } from '../rule-options.js'
import { forEachIdentifier } from '../support/expression-identifiers.js'

// A bare identifier, optionally parenthesised: the whole expression *is* a variable or argument.
const BARE_IDENTIFIER = /^\(*\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)*$/
// Identifiers that are constants or syntax, not data; compared lower-cased (VB is case-insensitive).
const CONSTANT_WORDS: ReadonlySet<string> = new Set([
  'vbcrlf',
  'vbcr',
  'vblf',
  'vbnewline',
  'vbtab',
  'environment',
  'string',
  'system',
  'chr',
  'chrw',
  'new',
  'nothing',
  'null',
  'true',
  'false',
  'and',
  'or',
  'not',
  'mod',
  'convert',
  'char',
])

type Origin =
  | { readonly kind: 'constant' }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'built' }

/** How an expression's value is made: only literals, one variable/argument, or built from data. */
function originOf(expression: XamlExpression): Origin {
  const text = expression.text.trim()
  // VB XML literal (`<s>…</s>.Value`): constant unless it embeds `<%= … %>`.
  if (text.startsWith('<')) return text.includes('<%=') ? { kind: 'built' } : { kind: 'constant' }
  const bare = BARE_IDENTIFIER.exec(text)
  if (bare?.[1] && !CONSTANT_WORDS.has(bare[1].toLowerCase()))
    return { kind: 'name', name: bare[1].toLowerCase() }
  let data = false
  forEachIdentifier(text, expression.language, (identifier) => {
    if (!CONSTANT_WORDS.has(identifier.toLowerCase())) data = true
  })
  return data ? { kind: 'built' } : { kind: 'constant' }
}

export const dynamicCodeExecutionRule = defineRule({
  ruleId: 'FC-UIP-SEC-006',
  name: 'dynamic-code-execution',
  category: 'security',
  severity: 'high',
  description: 'Code, script or command line executed from text built at run time.',
  recommendation:
    'Keep the code or script fixed (written in the activity or read from a file shipped with the project) and pass run-time values as Invoke Code arguments or PowerShell Parameters, never by concatenating them into the code or command line.',
  mirrors: [],
  options: {
    codeProperties: stringListOption({
      default: ['ui:InvokeCode.Code', 'ui:InvokePowerShell.CommandText'],
      description:
        'Properties that hold code to execute, as `<canonical activity type>.<property>`; reported when built from data or taken from an argument.',
    }),
    processActivityTypes: stringListOption({
      default: ['ui:StartProcess', 'ui:OpenApplication'],
      description:
        'Activities that start a program: `FileName` built from data or an argument is reported; `Arguments` only when `FileName` is a shell (see `shellPattern`).',
    }),
    shellPattern: regexOption({
      default: String.raw`(?:^|[\\/])(?:cmd|powershell|pwsh|wscript|cscript|mshta|bash|sh|python|py|rundll32|regsvr32)(?:\.exe)?$`,
      flags: 'iu',
      description: 'A literal FileName that runs its Arguments as code',
    }),
  },
  check(model, { options }) {
    const codeProperties = new Set(options.codeProperties)
    // Every text before a dot of an entry: a type not among them cannot make `type.property` an
    // entry, so most expressions need no key built.
    const codeTypes = new Set<string>()
    for (const entry of options.codeProperties) {
      for (let dot = entry.indexOf('.'); dot >= 0; dot = entry.indexOf('.', dot + 1))
        codeTypes.add(entry.slice(0, dot))
    }
    const processTypes = new Set(options.processActivityTypes)
    const inputs = new Set<string>()
    for (const argument of model.arguments)
      if (argument.direction === 'In' || argument.direction === 'InOut')
        inputs.add(argument.name.toLowerCase())

    // One pass: the expressions of interest, and every Assign value / variable default by target name,
    // so a `[script]` reference can be followed one step back to how `script` was made.
    const madeBy = new Map<string, XamlExpression[]>()
    const assignTo = new Map<XamlNode, string>()
    const assignValue = new Map<XamlNode, XamlExpression>()
    const code: Array<{ expression: XamlExpression; owner: XamlNode }> = []
    const processValues = new Map<XamlNode, Map<string, XamlExpression>>()
    for (const expression of model.expressions) {
      const owner = expression.owner
      if (owner === undefined) continue
      const property = expression.property ?? ''
      if (owner.localName === 'Assign') {
        if (property === 'To' && expression.role === 'reference') {
          const bare = BARE_IDENTIFIER.exec(expression.text.trim())
          if (bare?.[1]) assignTo.set(owner, bare[1].toLowerCase())
        } else if (property === 'Value') assignValue.set(owner, expression)
      }
      if (codeTypes.has(owner.type) && codeProperties.has(`${owner.type}.${property}`))
        code.push({ expression, owner })
      if (processTypes.has(owner.type) && (property === 'FileName' || property === 'Arguments')) {
        const values = processValues.get(owner) ?? new Map<string, XamlExpression>()
        values.set(property, expression)
        processValues.set(owner, values)
      }
    }
    const addSource = (name: string, expression: XamlExpression): void => {
      const list = madeBy.get(name)
      if (list) list.push(expression)
      else madeBy.set(name, [expression])
    }
    for (const [assign, name] of assignTo) {
      const value = assignValue.get(assign)
      if (value !== undefined) addSource(name, value)
    }
    for (const variable of model.variables)
      if (variable.default?.kind === 'expression')
        addSource(variable.name.toLowerCase(), variable.default.expression)

    /** Why the value is dynamic, or undefined when it is fixed in the workflow. */
    const dynamicReason = (expression: XamlExpression): string | undefined => {
      const origin = originOf(expression)
      if (origin.kind === 'built') return 'is built from run-time data'
      if (origin.kind === 'constant') return undefined
      if (inputs.has(origin.name)) return `comes from the input argument "${expression.text.trim()}"`
      for (const source of madeBy.get(origin.name) ?? []) {
        const step = originOf(source)
        if (step.kind === 'built') return `comes from "${expression.text.trim()}", built from run-time data`
        if (step.kind === 'name' && inputs.has(step.name))
          return `comes from "${expression.text.trim()}", copied from an input argument`
      }
      return undefined
    }

    const findings: RawFinding[] = []
    for (const { expression, owner } of code) {
      const reason = dynamicReason(expression)
      if (reason) findings.push(findingAt(owner, `${owner.type} ${expression.property}: the code ${reason}.`))
    }
    for (const [owner, values] of processValues) {
      const fileName = values.get('FileName')
      const fileReason = fileName ? dynamicReason(fileName) : undefined
      if (fileReason) {
        findings.push(findingAt(owner, `${owner.type} FileName: the program ${fileReason}.`))
        continue
      }
      const args = values.get('Arguments')
      // The program as written: a literal attribute, or a constant expression such as ["cmd.exe"].
      const literalFile = (fileName?.text ?? owner.attributes.get('FileName')?.value ?? '').replace(
        /["\s]/g,
        '',
      )
      if (args === undefined || !options.shellPattern.test(literalFile)) continue
      const argsReason = dynamicReason(args)
      if (argsReason)
        findings.push(
          findingAt(owner, `${owner.type} Arguments of ${literalFile}: the command line ${argsReason}.`),
        )
    }
    return findings.sort((a, b) => a.line - b.line || a.column - b.column)
  },
})
