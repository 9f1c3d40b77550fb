/**
 * A time series as a uPlot line chart, loaded lazily (its code is fetched only by pages that
 * chart, keeping the initial JavaScript small). The chart is an image to screen readers, named by
 * `label`; every page that charts also lists the numbers in a table.
 */
import { useEffect, useRef, useState } from 'preact/hooks'

export interface Series {
  label: string
  /** Unix seconds, ascending. */
  times: number[]
  values: (number | null)[]
  yRange?: [number, number]
}

export function LineChart({ series, label }: { series: Series; label: string }) {
  const box = useRef<HTMLDivElement>(null)
  const [failed, setFailed] = useState(false)

  useEffect(() => {
    const element = box.current
    if (element === null || series.times.length === 0) return
    let chart: { destroy(): void; setSize(size: { width: number; height: number }): void } | null = null
    let cancelled = false
    // The box's inner width (its padding left out), so the chart never overflows it: no scrolling region.
    const width = () => {
      const style = getComputedStyle(element)
      const inner =
        element.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight)
      return Math.max(200, Math.min(Math.floor(inner), 1200))
    }
    Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')])
      .then(([{ default: UPlot }]) => {
        if (cancelled) return
        const accent =
          getComputedStyle(document.documentElement).getPropertyValue('--accent').trim() || '#0b5cad'
        chart = new UPlot(
          {
            width: width(),
            height: 220,
            scales: { y: series.yRange === undefined ? {} : { range: series.yRange } },
            series: [{}, { label: series.label, stroke: accent, width: 2, points: { show: true } }],
            legend: { show: false },
          },
          [series.times, series.values],
          element,
        )
      })
      .catch(() => setFailed(true))
    const onResize = () => chart?.setSize({ width: width(), height: 220 })
    window.addEventListener('resize', onResize)
    return () => {
      cancelled = true
      window.removeEventListener('resize', onResize)
      chart?.destroy()
    }
  }, [series])

  if (failed)
    return <p class="muted">The chart could not be drawn; the table below lists the same numbers.</p>
  return <div class="chart" ref={box} role="img" aria-label={label} />
}
