/**
 * The whole analyzer over the real corpus, per file, against a reviewed snapshot
 * (corpus-findings.snapshot.txt). Every line was read for false positives when it was written;
 * a change in a rule that moves these findings shows up here as a diff to review, not a silent
 * drift. Paths are relative to each project's folder (the one holding project.json), as the CLI
 * passes them, so the framework rules see `Main.xaml` and `Framework/…`. A file the reader refuses
 * (a `.xaml` of another product, such as the Dataverse workflow inside the Power Automate solution)
 * is recorded as `refused=<code>`, so a refusal that appears or disappears is reviewed like a finding.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyzeWorkflow } from '../../src/analysis/analyze.js'
import { findCorpus, listXaml } from '../../src/analysis/xaml/test-helpers.js'
import { isXamlError } from '../../src/analysis/xaml/xaml-error.js'

function projectRoot(file: string, corpus: string): string {
  let dir = dirname(file)
  while (dir.startsWith(corpus) && dir !== corpus) {
    if (existsSync(join(dir, 'project.json'))) return dir
    dir = dirname(dir)
  }
  return dirname(file)
}

describe('analyzer over the shared corpus', () => {
  const corpus = findCorpus()

  it('finds the corpus', () => {
    expect(corpus).toBeDefined()
  })

  it('matches the reviewed snapshot of findings per file', async () => {
    if (corpus === undefined) return
    const lines: string[] = []
    for (const file of listXaml(corpus)) {
      const relativePath = relative(projectRoot(file, corpus), file).split('\\').join('/')
      const fileName = relative(corpus, file).split('\\').join('/')
      let result: ReturnType<typeof analyzeWorkflow>
      try {
        result = analyzeWorkflow({
          content: readFileSync(file),
          fileName,
          relativePath,
          packSlug: 'uipath-reframework-baseline',
        })
      } catch (error) {
        if (!isXamlError(error)) throw error
        lines.push(`## ${fileName} refused=${error.code}`)
        continue
      }
      expect(result.ruleErrors, file).toEqual([])
      lines.push(`## ${result.fileName} score=${result.score} passed=${result.passed}`)
      for (const finding of result.findings) {
        lines.push(`${finding.location} ${finding.ruleId} ${finding.severity} ${finding.activity}`)
      }
    }
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('./corpus-findings.snapshot.txt')
  })
})
