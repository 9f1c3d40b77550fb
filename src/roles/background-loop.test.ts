import { describe, expect, it } from 'vitest'
import { createLogger } from '../logging/create-logger.js'
import { BackgroundLoop } from './background-loop.js'

const logger = createLogger('silent')

describe('BackgroundLoop', () => {
  it('runs again at once while there is more work, then idles until woken', async () => {
    let ticks = 0
    let backlog = 3
    const loop = new BackgroundLoop({
      name: 't',
      idleMs: 60_000,
      logger,
      tick: async () => {
        ticks += 1
        if (backlog > 0) backlog -= 1
        return backlog > 0
      },
    })
    loop.start()
    await new Promise((r) => setTimeout(r, 50))
    expect(ticks).toBe(3)
    backlog = 1
    loop.wake()
    await new Promise((r) => setTimeout(r, 50))
    expect(ticks).toBe(4)
    await loop.stop()
    expect(loop.isRunning).toBe(false)
  })

  it('waits for the tick in progress on stop, and survives a failing tick', async () => {
    let inProgress = false
    let completed = 0
    let calls = 0
    const loop = new BackgroundLoop({
      name: 't',
      idleMs: 5,
      logger,
      tick: async () => {
        calls += 1
        if (calls === 1) throw new Error('boom')
        inProgress = true
        await new Promise((r) => setTimeout(r, 30))
        inProgress = false
        completed += 1
        return false
      },
    })
    loop.start()
    await new Promise((r) => setTimeout(r, 20))
    await loop.stop()
    expect(inProgress).toBe(false)
    expect(calls).toBeGreaterThanOrEqual(2)
    expect(completed).toBeGreaterThanOrEqual(1)
  })
})
