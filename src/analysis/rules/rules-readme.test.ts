/**
 * Follows the recipe in README.md as it is written: the example rule's code is loaded (so
 * `defineRule` judges its id, category and options), it must live where the recipe says and have
 * an id no rule has yet, and the recipe's test snippet must pass against it. The category codes the
 * README lists are CATEGORY_CODES.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { RULES } from './index.js'
import { CATEGORY_CODES, categoryFolder, type Rule } from './rule.js'
import { expectFindings } from './rule-test-kit.js'

const RULES_DIR = dirname(fileURLToPath(import.meta.url))
const README = readFileSync(join(RULES_DIR, 'README.md'), 'utf8')
const RECIPE = README.slice(README.indexOf('## Recipe'))

/** The code blocks of the recipe, in order, without their list indentation. */
function recipeBlocks(): string[] {
  return [...RECIPE.matchAll(/^( *)```ts\n([\s\S]*?)^ *```$/gm)].map(([, indent = '', body = '']) =>
    body
      .split('\n')
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
      .join('\n'),
  )
}

describe('src/analysis/rules/README.md', () => {
  const work = mkdtempSync(join(tmpdir(), 'fc-rules-readme-'))
  afterAll(() => rmSync(work, { recursive: true, force: true }))

  /** The recipe's rule and its test, as one module importing the real rule framework. */
  async function loadRecipe(): Promise<{ rule: Rule; runTest: (kit: unknown) => void }> {
    const [ruleCode, testCode] = recipeBlocks()
    expect(ruleCode, 'the recipe has a rule block and a test block').toBeDefined()
    expect(testCode).toBeDefined()
    const source = `${(ruleCode ?? '').replace(/'\.\.\/([\w-]+)\.js'/g, (_, name: string) => {
      return `'${pathToFileURL(join(RULES_DIR, `${name}.ts`)).href}'`
    })}
export function runTest(rule, expectFindings) {
${testCode}
}
`
    const file = join(work, 'recipe-rule.ts')
    writeFileSync(file, source)
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>
    const rule = Object.values(module).find(
      (value): value is Rule => typeof value === 'object' && value !== null && 'ruleId' in value,
    )
    if (rule === undefined) throw new Error('the recipe exports no rule')
    const runTest = module.runTest as (rule: Rule, kit: unknown) => void
    return { rule, runTest: (kit) => runTest(rule, kit) }
  }

  it('lists the category codes defineRule accepts', () => {
    const listed = /CODE = ([A-Z, ]+)\n/.exec(README)?.[1]?.split(', ')
    expect(listed).toEqual(Object.values(CATEGORY_CODES))
  })

  it('has an example rule that defineRule accepts, with a free id, where the recipe puts it', async () => {
    const { rule } = await loadRecipe()
    expect(RULES.map((known) => known.ruleId)).not.toContain(rule.ruleId)
    expect(RULES.map((known) => known.name)).not.toContain(rule.name)
    expect(RECIPE).toContain(`## Recipe: adding ${rule.ruleId} (say)`)
    const file = `src/analysis/rules/${categoryFolder(rule.category)}/${rule.ruleId.toLowerCase()}`
    expect(RECIPE).toContain(`**Rule** \`${file}.ts\``)
    expect(RECIPE).toContain(`**Test** \`${file}.test.ts\``)
    expect(RECIPE).toContain(`**Doc** \`docs/rules/${rule.ruleId}.md\``)
  })

  it('has a test snippet that passes against the example rule', async () => {
    const { runTest } = await loadRecipe()
    runTest(expectFindings)
  })
})
