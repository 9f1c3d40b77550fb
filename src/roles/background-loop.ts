/**
 * A loop that runs `tick` again and again: immediately after a tick that reported more work,
 * otherwise after `idleMs` or as soon as `wake()` is called. `stop()` resolves after the tick in
 * progress finishes, so a graceful shutdown never cuts work in half. A tick that throws is
 * logged and retried after the idle delay; it never ends the loop or the process.
 */
import type { Logger } from '../logging/create-logger.js'

export interface BackgroundLoopOptions {
  name: string
  /** Does one unit of work; resolves true when more work is waiting right now. */
  tick: () => Promise<boolean>
  idleMs: number
  logger: Logger
}

export class BackgroundLoop {
  private running = false
  private wakeUp: (() => void) | null = null
  private timer: NodeJS.Timeout | null = null
  private finished: Promise<void> = Promise.resolve()

  constructor(private readonly options: BackgroundLoopOptions) {}

  get isRunning(): boolean {
    return this.running
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.finished = this.run()
  }

  /** Ends the idle wait now, so new work is picked up without waiting for the next poll. */
  wake(): void {
    this.wakeUp?.()
  }

  async stop(): Promise<void> {
    this.running = false
    this.wake()
    await this.finished
  }

  private async run(): Promise<void> {
    while (this.running) {
      let more = false
      try {
        more = await this.options.tick()
      } catch (error) {
        this.options.logger.error({ err: error, loop: this.options.name }, 'background work failed; retrying')
      }
      if (!this.running) break
      if (!more) await this.idle()
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        if (this.timer !== null) clearTimeout(this.timer)
        this.timer = null
        this.wakeUp = null
        resolve()
      }
      this.wakeUp = done
      this.timer = setTimeout(done, this.options.idleMs)
    })
  }
}
