/**
 * The stored validations the store benches seed (dashboard-api, project-history): one UiPath
 * result of one org per index — four in five of a project (`<project>.zip`), the rest single
 * files; labels `main`/`feature`; one in four failed; the same summary. What a bench varies (its
 * project names, scores, dates, findings) it passes in.
 */
import { newId } from '../src/domain/ids.js'
import type { StoredFinding, StoredValidation } from '../src/store/validations.js'

export interface BenchValidationShape {
  /** The project of result `index` (null: every fifth result is a single file). */
  readonly project: (index: number) => string
  readonly score: (index: number) => number
  readonly validatedAt: (index: number) => number
  readonly findings?: (index: number) => StoredFinding[]
}

export function benchValidation(orgId: string, index: number, shape: BenchValidationShape): StoredValidation {
  const project = index % 5 === 4 ? null : shape.project(index)
  return {
    id: newId(),
    orgId,
    platform: 'uipath',
    fileName: project === null ? `File${index % 100}.xaml` : `${project}.zip`,
    label: index % 3 === 0 ? 'main' : 'feature',
    passed: index % 4 !== 0,
    score: shape.score(index),
    enforcementMode: 'blocking',
    policyPackSlug: 'uipath-reframework-baseline',
    validatedAt: shape.validatedAt(index),
    submittedByEmail: 'ci@bench.test',
    contentSha256: '0'.repeat(64),
    sizeBytes: 1000,
    summary: { critical: 0, high: 1, medium: 2, low: 3, total: 6 },
    findings: shape.findings?.(index) ?? [],
    ruleErrors: [],
    projectName: project,
    project: null,
    comparedWithId: null,
  }
}
