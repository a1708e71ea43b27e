import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef } from 'react'
import { logTime, shortEndpoint, statusClass } from './format'
import { useApiLogs } from './useApiLogs'

const ROW_HEIGHT = 40

/** The logs, newest first; only the rows on screen exist in the DOM. */
export function ApiLogList() {
  const total = useApiLogs((s) => s.total)
  const rows = useApiLogs((s) => s.rows)
  const generation = useApiLogs((s) => s.generation)
  const { ensureRange } = useApiLogs.getState()
  const scroller = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  })
  const items = virtualizer.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items.at(-1)?.index ?? 0
  // biome-ignore lint/correctness/useExhaustiveDependencies: new filters refetch the visible blocks
  useEffect(() => ensureRange(first, last), [first, last, generation, total])

  return (
    // Chromium makes a scrolling box keyboard-focusable by itself: no tabIndex needed.
    <div ref={scroller} className="log-list" data-testid="api-log-list">
      <ul className="log-list__rows" aria-label="API logs" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = rows.get(item.index)
          const style = { transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }
          if (!row)
            return (
              <li key={item.key} className="log-row log-row--loading" style={style}>
                <span className="skeleton" style={{ width: '40%', height: 12 }} />
              </li>
            )
          return (
            <li key={item.key} className="log-row" style={style} data-testid="api-log-row">
              <span className="muted log-mono" title={row.createdAt}>
                {logTime(row.createdAt)}
              </span>
              <span className="log-mono log-method">{row.method}</span>
              <span className="log-mono log-endpoint" title={row.endpoint}>
                {shortEndpoint(row.endpoint)}
              </span>
              <span>
                <span className={`log-status ${statusClass(row.status)}`}>{row.status}</span>
              </span>
              <span className="muted log-col--wide">
                {row.responseTimeMs === null ? '—' : `${Math.round(row.responseTimeMs)} ms`}
              </span>
              <span className="log-error" title={row.errorMessage ?? undefined}>
                {row.errorMessage ?? <span className="muted">—</span>}
              </span>
            </li>
          )
        })}
      </ul>
    </div>
  )
}
