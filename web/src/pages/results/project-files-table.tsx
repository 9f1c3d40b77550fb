/** A project submission's files with their scores (the result's `project.files`), lowest first. */
import type { ProjectFileSummary } from '../../api/types'
import { DataTable } from '../../components/data-table'
import { ScoreBadge } from '../../components/score-badge'

const FILE_COLUMNS = ['Score', 'File', 'Findings'] as const

export function ProjectFilesTable({
  files,
  skipped,
}: {
  files: ProjectFileSummary[]
  skipped?: { path?: string; reason?: string }[]
}) {
  const sorted = [...files].sort((a, b) => a.score - b.score || a.path.localeCompare(b.path))
  return (
    <>
      <h2>Files</h2>
      <DataTable caption="The project's files, lowest score first" columns={FILE_COLUMNS}>
        {sorted.map((file) => (
          <tr key={file.path}>
            <td>
              <ScoreBadge score={file.score} passed={file.passed} />
            </td>
            <td>
              <code>{file.path}</code>
              {file.error !== null && (
                <p class="finding-extra form-error">
                  Could not be read: {file.error.message ?? file.error.code}
                </p>
              )}
            </td>
            <td>
              {file.summary.total ?? 0}
              <span class="muted">
                {' '}
                ({file.summary.critical} critical, {file.summary.high} high)
              </span>
            </td>
          </tr>
        ))}
      </DataTable>
      {skipped !== undefined && skipped.length > 0 && (
        <p class="muted">
          Skipped: {skipped.map((entry) => `${entry.path ?? '?'} (${entry.reason ?? 'skipped'})`).join(', ')}
        </p>
      )}
    </>
  )
}
