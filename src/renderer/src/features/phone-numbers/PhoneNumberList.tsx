import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef } from 'react'
import { usePhoneNumbers } from './usePhoneNumbers'

const ROW_HEIGHT = 40

/** A listbox whose rows exist in the DOM only while on screen (fast at 100,000 numbers). */
export function PhoneNumberList() {
  const total = usePhoneNumbers((s) => s.total)
  const rows = usePhoneNumbers((s) => s.rows)
  const cursor = usePhoneNumbers((s) => s.cursor)
  const selectedId = usePhoneNumbers((s) => s.selectedId)
  const generation = usePhoneNumbers((s) => s.generation)
  const { ensureRange, setCursor, select } = usePhoneNumbers.getState()
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
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new search refetches the visible blocks
  useEffect(() => ensureRange(first, last), [first, last, generation, total])

  const move = (to: number) => {
    if (!total) return
    const index = Math.max(0, Math.min(total - 1, to))
    setCursor(index)
    virtualizer.scrollToIndex(index, { align: 'auto' })
  }
  const onKeyDown = (e: React.KeyboardEvent) => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1)
    if (e.key === 'ArrowDown') move(cursor + 1)
    else if (e.key === 'ArrowUp') move(cursor - 1)
    else if (e.key === 'PageDown') move(cursor + page)
    else if (e.key === 'PageUp') move(cursor - page)
    else if (e.key === 'Home') move(0)
    else if (e.key === 'End') move(total - 1)
    else if (e.key === 'Enter') {
      const row = rows.get(cursor)
      if (row) select(row.phoneNumberId)
    } else if (e.key === 'Escape' && selectedId) select(null)
    else return
    e.preventDefault()
  }
  const active = rows.get(cursor)
  return (
    <div
      ref={scroller}
      className="pn-list"
      role="listbox"
      aria-label="Phone numbers"
      tabIndex={0}
      onKeyDown={onKeyDown}
      aria-activedescendant={active ? `pn-${active.phoneNumberId}` : undefined}
      data-testid="phone-number-list"
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const row = rows.get(item.index)
          if (!row)
            return (
              <div
                key={item.key}
                className="pn-row pn-row--loading"
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              >
                <span className="skeleton" style={{ width: '40%', height: 12 }} />
              </div>
            )
          return (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox handles the keyboard for every row
            <div
              key={item.key}
              id={`pn-${row.phoneNumberId}`}
              tabIndex={-1}
              role="option"
              aria-selected={row.phoneNumberId === selectedId}
              className={`pn-row${item.index === cursor ? ' pn-row--cursor' : ''}`}
              style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              onClick={() => {
                setCursor(item.index)
                select(row.phoneNumberId)
              }}
              data-testid="phone-number-row"
            >
              <span className="pn-mono pn-row__display">{row.displayPhoneNumber ?? '—'}</span>
              <span className="pn-mono muted">{row.phoneNumberId}</span>
              <span className="pn-row__customer">
                {row.customerName ?? <span className="muted">no customer</span>}
              </span>
              <span className="pn-mono muted pn-col--wide">{row.businessAccountId ?? '—'}</span>
              <span>
                {row.health ? (
                  <span className={`pn-health pn-health--${row.health}`}>{row.health}</span>
                ) : (
                  <span className="muted">{row.status ?? '—'}</span>
                )}
              </span>
              <span className="muted pn-col--wide">
                {row.createdAt ? new Date(row.createdAt).toLocaleDateString() : '—'}
              </span>
            </div>
          )
        })}
      </div>
    </div>
  )
}
