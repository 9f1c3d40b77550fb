/**
 * Leases of scheduled jobs (migration 015): one row per job, so that any number of scheduler
 * processes run each fire time of a job once in all. Every step is one conditional statement,
 * settled by the database on both engines (no advisory lock, no engine branch):
 *
 *   ensureJob     insert the row with its first fire time (ON CONFLICT DO NOTHING); pull a stored
 *                 fire time forward when this process's schedule says sooner (a changed cron)
 *   claimJobRun   take the lease: due (`next_run_at <= now`) and free (`locked_until` passed)
 *   renewJobLease push `locked_until` on while the run lasts (only while still the owner)
 *   finishJobRun  store the next fire time and the report, free the lease (only the owner)
 *   releaseJobRun free the lease without moving the fire time (a failed run is retried)
 *
 * A scheduler killed mid-run leaves its lease; another takes the job once `locked_until` passed.
 */
import type { Kysely } from 'kysely'
import type { Database } from './database.js'

export interface JobLease {
  name: string
  nextRunAt: number
  lockedBy: string | null
  lockedUntil: number | null
  lastStartedAt: number | null
  lastFinishedAt: number | null
  lastReportJson: string | null
}

/** Makes sure the job's row exists, due no later than `firstRunAt`. */
export async function ensureJob(db: Kysely<Database>, name: string, firstRunAt: number): Promise<void> {
  await db
    .insertInto('job_leases')
    .values({
      name,
      next_run_at: firstRunAt,
      locked_by: null,
      locked_until: null,
      last_started_at: null,
      last_finished_at: null,
      last_report_json: null,
    })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute()
  await db
    .updateTable('job_leases')
    .set({ next_run_at: firstRunAt })
    .where('name', '=', name)
    .where('next_run_at', '>', firstRunAt)
    .execute()
}

/** Takes the job's lease when it is due and nobody holds it; true when this call won it. */
export async function claimJobRun(
  db: Kysely<Database>,
  input: { name: string; owner: string; now: number; leaseMs: number },
): Promise<boolean> {
  const result = await db
    .updateTable('job_leases')
    .set({ locked_by: input.owner, locked_until: input.now + input.leaseMs, last_started_at: input.now })
    .where('name', '=', input.name)
    .where('next_run_at', '<=', input.now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', input.now)]))
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Extends the lease of a run in progress; false when another process has taken it meanwhile. */
export async function renewJobLease(
  db: Kysely<Database>,
  input: { name: string; owner: string; now: number; leaseMs: number },
): Promise<boolean> {
  const result = await db
    .updateTable('job_leases')
    .set({ locked_until: input.now + input.leaseMs })
    .where('name', '=', input.name)
    .where('locked_by', '=', input.owner)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Ends a run: the next fire time and the report stored, the lease freed. */
export async function finishJobRun(
  db: Kysely<Database>,
  input: { name: string; owner: string; now: number; nextRunAt: number; report: unknown },
): Promise<void> {
  await db
    .updateTable('job_leases')
    .set({
      next_run_at: input.nextRunAt,
      locked_by: null,
      locked_until: null,
      last_finished_at: input.now,
      last_report_json: JSON.stringify(input.report),
    })
    .where('name', '=', input.name)
    .where('locked_by', '=', input.owner)
    .execute()
}

/** Frees the lease and leaves the fire time, so the job is retried at the next poll. */
export async function releaseJobRun(
  db: Kysely<Database>,
  input: { name: string; owner: string },
): Promise<void> {
  await db
    .updateTable('job_leases')
    .set({ locked_by: null, locked_until: null })
    .where('name', '=', input.name)
    .where('locked_by', '=', input.owner)
    .execute()
}

export async function getJobLease(db: Kysely<Database>, name: string): Promise<JobLease | null> {
  const row = await db.selectFrom('job_leases').selectAll().where('name', '=', name).executeTakeFirst()
  return row === undefined
    ? null
    : {
        name: row.name,
        nextRunAt: row.next_run_at,
        lockedBy: row.locked_by,
        lockedUntil: row.locked_until,
        lastStartedAt: row.last_started_at,
        lastFinishedAt: row.last_finished_at,
        lastReportJson: row.last_report_json,
      }
}
