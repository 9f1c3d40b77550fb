/**
 * Every migration, in order. A static list (no folder scanning) so migrations run the same from
 * src/ under tsx/vitest and from dist/ after a build.
 *
 * To add one: create `NNN-short-description.ts` with the next number, export `up(db)`, and append
 * it here. Landed migrations are never edited (migrations.test.ts holds their checksums).
 */
import type { Migration, MigrationProvider } from 'kysely'
import * as m001 from './001-orgs-users-api-keys.js'
import * as m002 from './002-instance-flags.js'
import * as m003 from './003-validations-exceptions-events.js'
import * as m004 from './004-webhooks-deliveries.js'
import * as m005 from './005-delivery-target.js'
import * as m006 from './006-exception-renewals.js'
import * as m007 from './007-audit-chain.js'
import * as m008 from './008-validation-projects.js'
import * as m009 from './009-exception-fingerprints.js'
import * as m010 from './010-projects.js'
import * as m011 from './011-sessions.js'
import * as m012 from './012-dashboard-reads.js'
import * as m013 from './013-dashboard-filters.js'
import * as m014 from './014-platforms.js'
import * as m015 from './015-retention-and-job-leases.js'
import * as m016 from './016-delivery-trace-context.js'
import * as m017 from './017-delivery-due-index.js'

export const MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '001-orgs-users-api-keys': m001,
  '002-instance-flags': m002,
  '003-validations-exceptions-events': m003,
  '004-webhooks-deliveries': m004,
  '005-delivery-target': m005,
  '006-exception-renewals': m006,
  '007-audit-chain': m007,
  '008-validation-projects': m008,
  '009-exception-fingerprints': m009,
  '010-projects': m010,
  '011-sessions': m011,
  '012-dashboard-reads': m012,
  '013-dashboard-filters': m013,
  '014-platforms': m014,
  '015-retention-and-job-leases': m015,
  '016-delivery-trace-context': m016,
  '017-delivery-due-index': m017,
})

/** Hands Kysely's Migrator the list above. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
}
