/** Writes docs/events.md from the event schemas and the target renderers: `npm run docs:events`. */
import { writeFileSync } from 'node:fs'
import { renderEventDocs } from '../src/domain/events/render-event-docs.js'
import { DOCS_TARGET_EXAMPLES } from '../src/webhooks/targets/event-docs-targets.js'

writeFileSync(new URL('../docs/events.md', import.meta.url), renderEventDocs(DOCS_TARGET_EXAMPLES))
