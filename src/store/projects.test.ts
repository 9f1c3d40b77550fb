import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTestStore, type TestStore, testEngines } from '../../test/helpers/test-stores.js'
import { newId } from '../domain/ids.js'
import { insertOrg } from './orgs.js'
import { insertValidation, listProjects, type StoredValidation } from './validations.js'

function validation(orgId: string, id: string, projectName: string | null): StoredValidation {
  return {
    id,
    orgId,
    platform: 'uipath',
    fileName: 'p.zip',
    label: null,
    passed: true,
    score: 90,
    enforcementMode: 'blocking',
    policyPackSlug: 'uipath-reframework-baseline',
    validatedAt: 1_760_000_000_000,
    submittedByEmail: 'ci@example.com',
    contentSha256: '0'.repeat(64),
    sizeBytes: 10,
    summary: { critical: 0, high: 0, medium: 0, low: 0, total: 0 },
    findings: [],
    ruleErrors: [],
    projectName,
    project: null,
    comparedWithId: null,
  }
}

describe.each(testEngines())('the projects table on %s', (engine) => {
  let t: TestStore
  beforeEach(async () => {
    t = await openTestStore(engine)
  })
  afterEach(() => t.cleanup())

  it('counts each project validation and keeps the newest id as latest, whatever the commit order', async () => {
    const org = await insertOrg(t.store.db, { name: 'o', createdAt: 0 })
    const older = newId()
    const newer = newId()
    await insertValidation(t.store.db, validation(org.id, newer, 'Invoices'))
    await insertValidation(t.store.db, validation(org.id, older, 'Invoices')) // commits later, older id
    await insertValidation(t.store.db, validation(org.id, newId(), null)) // a single file: no project
    const projects = await listProjects(t.store.db, { orgId: org.id, limit: 10 })
    expect(projects.map((project) => [project.name, project.validations, project.latest.id])).toEqual([
      ['Invoices', 2, newer],
    ])
  })

  it('a rolled-back validation leaves the project row as it was', async () => {
    const org = await insertOrg(t.store.db, { name: 'o', createdAt: 0 })
    const kept = newId()
    await insertValidation(t.store.db, validation(org.id, kept, 'Invoices'))
    await expect(
      t.store.transaction(async (trx) => {
        await insertValidation(trx, validation(org.id, newId(), 'Invoices'))
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    const [project] = await listProjects(t.store.db, { orgId: org.id, limit: 10 })
    expect([project?.validations, project?.latest.id]).toEqual([1, kept])
  })
})
