import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  openTestStore,
  openTestStoreBefore,
  type TestStore,
  testEngines,
  tolerantOfOtherRuns,
} from '../../test/helpers/test-stores.js'
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

describe.each(testEngines())('migration 010 on %s', (engine) => {
  it('fills one projects row per org and project from the validations stored before it', async () => {
    const t = await openTestStoreBefore(engine, '010-projects')
    try {
      const { db } = t.store
      const [orgA, orgB] = [
        (await insertOrg(db, { name: 'a', createdAt: 0 })).id,
        (await insertOrg(db, { name: 'b', createdAt: 0 })).id,
      ]
      // Validations as 008/009 stored them (insertValidation would write the projects row that
      // does not exist yet). Inserted out of id order: the newest id is the latest, not the last written.
      const old: Array<[string, string, string | null]> = [
        ['0190-0002', orgA, 'Invoices'],
        ['0190-0003', orgA, 'Invoices'],
        ['0190-0001', orgA, 'Invoices'],
        ['0190-0004', orgA, 'Claims'],
        ['0190-0005', orgA, null], // a single file: no project
        ['0190-0000', orgB, 'Invoices'], // the same name in another org is another project
      ]
      for (const [id, orgId, projectName] of old) {
        await sql`insert into validations (id, org_id, platform, file_name, label, passed, score,
            enforcement_mode, policy_pack_slug, validated_at, submitted_by_email, content_sha256,
            size_bytes, summary_json, findings_json, rule_errors_json, project_name, project_json, compared_with_id)
          values (${id}, ${orgId}, 'uipath', 'p.zip', null, 1, 90, 'blocking', 'uipath-reframework-baseline',
            ${1_760_000_000_000}, 'ci@example.com', ${'0'.repeat(64)}, 10,
            ${'{"critical":0,"high":0,"medium":0,"low":0,"total":0}'}, '[]', '[]', ${projectName}, null, null)`.execute(
          db,
        )
      }
      expect((await tolerantOfOtherRuns(() => t.store.migrate())).applied).toContain('010-projects')

      const rows = await db
        .selectFrom('projects')
        .select(['org_id', 'name', 'latest_validation_id', 'validations'])
        .orderBy('org_id')
        .orderBy('name')
        .execute()
      expect(
        rows.map((row) => [row.org_id, row.name, row.latest_validation_id, Number(row.validations)]),
      ).toEqual(
        [
          [orgA, 'Claims', '0190-0004', 1],
          [orgA, 'Invoices', '0190-0003', 3],
          [orgB, 'Invoices', '0190-0000', 1],
        ].sort((x, y) => (`${x[0]}${x[1]}` < `${y[0]}${y[1]}` ? -1 : 1)),
      )
      // The API's list reads the backfilled rows, and a new validation continues them.
      await insertValidation(db, validation(orgA, '0190-0009', 'Invoices'))
      const listed = await listProjects(db, { orgId: orgA, limit: 10 })
      expect(listed.map((project) => [project.name, project.validations, project.latest.id])).toEqual([
        ['Invoices', 4, '0190-0009'],
        ['Claims', 1, '0190-0004'],
      ])
    } finally {
      await t.cleanup()
    }
  })
})
