/**
 * Keeps the rule index, the rule files, their tests and their doc pages in step:
 * every indexed rule (index.ts, fed by each `<category-folder>/index.ts` and each other platform's
 * `<platform>/index.ts`) has `src/analysis/rules/<folder>/<rule-id-lowercase>.ts` exporting it
 * (`ruleFolder()`: the category's folder for UiPath, the platform's for the others),
 * a test file beside it and `docs/rules/<ruleId>.md` with the required sections; every rule file and
 * every doc page belongs to an indexed rule; ids and names are unique and well-formed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { PLATFORM_RULE_CODES, PLATFORMS } from '../../domain/platforms.js'
import { DEFAULT_POLICY_PACK_SLUGS, getPolicyPack, listPolicyPacks } from '../packs/policy-packs.js'
import { getRule, RULES } from './index.js'
import {
  CATEGORY_CODES,
  categoryFolder,
  RULE_CATEGORIES,
  RULE_ID_PATTERN,
  type Rule,
  ruleFolder,
} from './rule.js'
import { ruleDocsPath } from './rule-docs.js'

const RULES_DIR = dirname(fileURLToPath(import.meta.url))
const PROJECT_ROOT = resolve(RULES_DIR, '../../..')
const DOCS_DIR = join(PROJECT_ROOT, 'docs/rules')

/** Where a rule's source file must live. */
function ruleFile(rule: Rule): string {
  return join(RULES_DIR, ruleFolder(rule), `${rule.ruleId.toLowerCase()}.ts`)
}

/** Every rule page has these; a UiPath rule's also says what it mirrors of UiPath's own analyzer. */
function requiredSections(rule: Rule): string[] {
  const sections = ['## Why', '## Bad', '## Good', '## Options']
  return rule.platform === 'uipath' ? [...sections, '## UiPath Workflow Analyzer'] : sections
}

describe('rule catalogue', () => {
  it('has well-formed, unique ids and names, sorted by id', () => {
    const ids = RULES.map((rule) => rule.ruleId)
    expect(new Set(ids).size).toBe(ids.length)
    expect(new Set(RULES.map((rule) => rule.name)).size).toBe(RULES.length)
    expect([...ids].sort()).toEqual(ids)
    for (const rule of RULES) {
      expect(rule.ruleId).toMatch(RULE_ID_PATTERN)
      expect(rule.ruleId.split('-')[1]).toBe(PLATFORM_RULE_CODES[rule.platform])
      expect(rule.ruleId.split('-')[2]).toBe(CATEGORY_CODES[rule.category])
      expect(getRule(rule.ruleId)).toBe(rule)
    }
  })

  describe.each(RULES.map((rule) => [rule.ruleId, rule] as const))('%s', (ruleId, rule) => {
    it('lives in <folder>/<rule-id-lowercase>.ts and is exported from it', async () => {
      expect(existsSync(ruleFile(rule)), `missing ${ruleFile(rule)}`).toBe(true)
      const module = (await import(ruleFile(rule))) as Record<string, unknown>
      expect(Object.values(module)).toContain(rule)
    })

    it('has a test file beside it', () => {
      const testFile = ruleFile(rule).replace(/\.ts$/, '.test.ts')
      expect(existsSync(testFile), `missing ${testFile}`).toBe(true)
      expect(readFileSync(testFile, 'utf8')).toContain(ruleId)
    })

    it(`has a doc page ${ruleDocsPath(ruleId)} with the required sections`, () => {
      const docFile = join(PROJECT_ROOT, ruleDocsPath(ruleId))
      expect(existsSync(docFile), `missing ${docFile}`).toBe(true)
      const doc = readFileSync(docFile, 'utf8')
      expect(doc.startsWith(`# ${ruleId} — ${rule.name}\n`), 'first line: "# <ruleId> — <name>"').toBe(true)
      expect(doc.replace(/\s+/g, ' ')).toContain(rule.description)
      expect(doc).toContain(`\`${rule.category}\``)
      expect(doc).toContain(`\`${rule.severity}\``)
      for (const section of requiredSections(rule))
        expect(doc, `missing section "${section}"`).toContain(`\n${section}\n`)
      for (const mirrored of rule.mirrors) expect(doc).toContain(mirrored)
      const options = doc.slice(doc.indexOf('\n## Options\n'))
      for (const option of Object.keys(rule.options))
        expect(options, `option ${option} undocumented`).toContain(option)
    })

    it('is listed in docs/rules/README.md', () => {
      const readme = readFileSync(join(DOCS_DIR, 'README.md'), 'utf8')
      expect(readme).toContain(
        `[${ruleId}](${ruleId}.md) | ${rule.name} | ${rule.category} | ${rule.severity} |`,
      )
    })
  })

  it('has no rule file, test or doc page without an indexed rule', () => {
    for (const category of RULE_CATEGORIES) {
      const folder = join(RULES_DIR, categoryFolder(category))
      if (!existsSync(folder)) continue
      // Each category folder has an index.ts listing its rules; every other file is a rule or its test.
      for (const file of readdirSync(folder).filter((name) => name !== 'index.ts')) {
        const ruleId = file.replace(/(\.test)?\.ts$/, '').toUpperCase()
        expect(getRule(ruleId), `${categoryFolder(category)}/${file} has no rule in index.ts`).toBeDefined()
        expect(getRule(ruleId)?.category).toBe(category)
        expect(getRule(ruleId)?.platform).toBe('uipath')
      }
    }
    for (const platform of PLATFORMS.filter((name) => name !== 'uipath')) {
      const folder = join(RULES_DIR, platform)
      if (!existsSync(folder)) continue
      // A platform folder: index.ts, the rules and their tests, and `*-test-kit.ts` helpers.
      const files = readdirSync(folder).filter((name) =>
        /^fc-[a-z]{3}-[a-z]{3}-\d{3}(\.test)?\.ts$/.test(name),
      )
      for (const file of files) {
        const ruleId = file.replace(/(\.test)?\.ts$/, '').toUpperCase()
        expect(getRule(ruleId), `${platform}/${file} has no rule in index.ts`).toBeDefined()
        expect(getRule(ruleId)?.platform).toBe(platform)
      }
    }
    for (const file of readdirSync(DOCS_DIR).filter((name) => name !== 'README.md')) {
      expect(getRule(file.replace(/\.md$/, '')), `docs/rules/${file} has no rule in index.ts`).toBeDefined()
    }
  })

  it('the built-in packs load and select the expected rules, each of its own platform only', () => {
    expect(listPolicyPacks().map((pack) => pack.slug)).toEqual([
      'uipath-reframework-baseline',
      'uipath-general',
      'uipath-security',
      'power-automate-general',
      'blue-prism-general',
    ])
    const ids = (slug: string) => getPolicyPack(slug)?.rules.map((entry) => entry.rule.ruleId)
    const uipath = RULES.filter((rule) => rule.platform === 'uipath')
    expect(ids('uipath-reframework-baseline')).toEqual(uipath.map((rule) => rule.ruleId))
    expect(ids('uipath-general')).toEqual(
      uipath.filter((r) => r.category !== 'framework').map((r) => r.ruleId),
    )
    expect(ids('uipath-security')).toEqual(
      uipath
        .filter((r) => ['hardcoded_value', 'security', 'error_handling'].includes(r.category))
        .map((r) => r.ruleId),
    )
    for (const platform of ['power-automate', 'blue-prism'] as const) {
      expect(ids(`${platform}-general`)).toEqual(
        RULES.filter((rule) => rule.platform === platform).map((rule) => rule.ruleId),
      )
    }
    for (const pack of listPolicyPacks()) {
      for (const { rule } of pack.rules)
        expect(rule.platform, `${pack.slug} runs ${rule.ruleId}`).toBe(pack.platform)
    }
  })

  it("each platform's default pack exists and is of that platform", () => {
    for (const platform of PLATFORMS) {
      expect(getPolicyPack(DEFAULT_POLICY_PACK_SLUGS[platform])?.platform).toBe(platform)
    }
  })
})
