/**
 * The slack and teams renderers as docs/events.md shows them (render-event-docs.ts takes them as a
 * parameter): scripts/generate-event-docs.ts writes the file with this, the drift test compares.
 */
import type { TargetExampleRenderer } from '../../domain/events/render-event-docs.js'
import { renderBody } from '../delivery/render-body.js'

export const DOCS_PUBLIC_URL = 'https://flowcerta.example.com'

export const DOCS_TARGET_EXAMPLES: TargetExampleRenderer = {
  publicUrl: DOCS_PUBLIC_URL,
  targets: [
    {
      name: 'slack',
      title: 'Slack body',
      render: (envelopeJson) => renderBody('slack', envelopeJson, { publicUrl: DOCS_PUBLIC_URL }),
    },
    {
      name: 'teams',
      title: 'Teams body',
      render: (envelopeJson) => renderBody('teams', envelopeJson, { publicUrl: DOCS_PUBLIC_URL }),
    },
  ],
}
