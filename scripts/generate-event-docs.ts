/** Writes docs/events.md from the event schemas: `npm run docs:events`. */
import { writeFileSync } from 'node:fs'
import { renderEventDocs } from '../src/domain/events/render-event-docs.js'

writeFileSync(new URL('../docs/events.md', import.meta.url), renderEventDocs())
