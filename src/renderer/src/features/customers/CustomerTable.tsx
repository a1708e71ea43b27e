import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef } from 'react'
import type { CustomerRow, CustomerSort } from '../../../../shared/customers/customer'
import { WatchingMark } from '../connections/useWatching'
import { connectionHelp, date, filterLabels } from './format'
import { useCustomers } from './useCustomers'

export const ROW_HEIGHT = 36

/**
 * The tenant list: a grid whose rows exist in the DOM only while on screen,
 * fetched in blocks from the cache as they scroll into view. The keyboard
 * works on the grid: arrows move, Shift+arrows extend the selection, Space
 * toggles a row, Enter opens, Delete asks to delete the selection.
 */
export function CustomerTable(props: {
  onDelete(ids: string[]): void
  gridRef: React.RefObject<HTMLDivElement | null>
}) {
  const total = useCustomers((s) => s.total)
  const rows = useCustomers((s) => s.rows)
  const cursor = useCustomers((s) => s.cursor)
  const selected = useCustomers((s) => s.selected)
  const openId = useCustomers((s) => s.openId)
  const sort = useCustomers((s) => s.sort)
  const direction = useCustomers((s) => s.direction)
  const generation = useCustomers((s) => s.generation)
  const loadedGeneration = useCustomers((s) => s.loadedGeneration)
  const { ensureRange, setCursor, toggleSelected, open, setSort, clearSelection } = useCustomers.getState()
  const scroller = props.gridRef
  const lastGeneration = useRef(generation)

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  })
  const items = virtualizer.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items.at(-1)?.index ?? 0
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new query generation or total refetches the visible blocks
  useEffect(() => {
    ensureRange(first, last)
  }, [first, last, ensureRange, generation, total])

  // A new search or filter starts at the top.
  useEffect(() => {
    if (lastGeneration.current !== generation && scroller.current && rows.size === 0)
      scroller.current.scrollTop = 0
    lastGeneration.current = generation
  }, [generation, rows, scroller])

  const move = (to: number, extend: boolean) => {
    if (!total) return
    const index = Math.max(0, Math.min(total - 1, to))
    setCursor(index, extend)
    virtualizer.scrollToIndex(index, { align: 'auto' })
  }

  const onKeyDown = (e: React.KeyboardEvent) => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 360) / ROW_HEIGHT) - 1)
    const row = rows.get(cursor)
    switch (e.key) {
      case 'ArrowDown':
        move(cursor + 1, e.shiftKey)
        break
      case 'ArrowUp':
        move(cursor - 1, e.shiftKey)
        break
      case 'PageDown':
        move(cursor + page, e.shiftKey)
        break
      case 'PageUp':
        move(cursor - page, e.shiftKey)
        break
      case 'Home':
        move(0, e.shiftKey)
        break
      case 'End':
        move(total - 1, e.shiftKey)
        break
      case ' ':
        if (row) toggleSelected(row.id)
        break
      case 'Enter':
        if (row) void open(row.id)
        break
      case 'Delete':
      case 'Backspace': {
        const ids = selected.size ? [...selected] : row ? [row.id] : []
        if (ids.length) props.onDelete(ids)
        break
      }
      case 'Escape':
        if (selected.size) clearSelection()
        else if (openId) void open(null)
        else return
        break
      case 'a':
        if (!(e.ctrlKey || e.metaKey)) return
        // Ctrl/Cmd+A selects the rows loaded so far (what the person has seen).
        useCustomers.setState({ selected: new Set([...rows.values()].map((r) => r.id)) })
        break
      default:
        return
    }
    e.preventDefault()
  }

  const header = (label: string, key: CustomerSort | null, className = '') => {
    if (!key) return <span className={className}>{label}</span>
    const active = sort === key
    return (
      <button
        type="button"
        className={`cust-head__sort ${className}`}
        onClick={() => setSort(key)}
        aria-label={`Sort by ${label.toLowerCase()}`}
        aria-pressed={active}
      >
        {label}
        <span aria-hidden="true" className="cust-head__arrow">
          {active ? (direction === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    )
  }

  const cursorRow = rows.get(cursor)
  return (
    <div className="cust-table">
      <div className="cust-head">
        <span className="cust-col--check" />
        {header('Name', 'name')}
        {header('External ID', null, 'cust-col--wide')}
        {header('Connection', null)}
        {header('Phone number', null)}
        {header('Created', 'created')}
        {header('Last activity', 'activity', 'cust-col--wide')}
      </div>
      <div
        ref={scroller}
        className="cust-scroller"
        role="listbox"
        tabIndex={0}
        aria-label="Customers"
        aria-multiselectable="true"
        aria-activedescendant={cursorRow ? `cust-row-${cursor}` : undefined}
        data-testid="customer-grid"
        data-loaded-generation={loadedGeneration}
        onKeyDown={onKeyDown}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = rows.get(item.index)
            return row ? (
              <Row
                key={item.key}
                index={item.index}
                row={row}
                top={item.start}
                isCursor={item.index === cursor}
                isSelected={selected.has(row.id)}
                isOpen={row.id === openId}
                onClick={(e) => {
                  if (e.shiftKey) setCursor(item.index, true)
                  else if (e.ctrlKey || e.metaKey) toggleSelected(row.id)
                  else {
                    setCursor(item.index)
                    void open(row.id)
                  }
                }}
                onCheck={() => toggleSelected(row.id)}
              />
            ) : (
              <div
                key={item.key}
                className="cust-row cust-row--loading"
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                aria-hidden="true"
              >
                <span className="skeleton" />
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}

const pendingText = {
  create: 'Create waiting to be sent',
  update: 'Change waiting to be sent',
  delete: 'Delete waiting to be sent',
}

function Row(props: {
  index: number
  row: CustomerRow
  top: number
  isCursor: boolean
  isSelected: boolean
  isOpen: boolean
  onClick(e: React.MouseEvent): void
  onCheck(): void
}) {
  const { row } = props
  const classes = ['cust-row']
  if (props.isCursor) classes.push('is-cursor')
  if (props.isSelected) classes.push('is-selected')
  if (props.isOpen) classes.push('is-open')
  if (row.pending?.op === 'delete') classes.push('is-deleting')
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox handles the keyboard for every row
    <div
      id={`cust-row-${props.index}`}
      role="option"
      tabIndex={-1}
      aria-posinset={props.index + 1}
      aria-selected={props.isSelected}
      className={classes.join(' ')}
      style={{ transform: `translateY(${props.top}px)`, height: ROW_HEIGHT }}
      onClick={props.onClick}
      data-customer-id={row.id}
    >
      <span className="cust-col--check">
        <input
          type="checkbox"
          tabIndex={-1}
          checked={props.isSelected}
          onChange={props.onCheck}
          onClick={(e) => e.stopPropagation()}
          aria-label={`Select ${row.name}`}
        />
      </span>
      <span className="cust-cell--name" title={row.name}>
        <span className="cust-name">{row.name || '—'}</span>
        {row.pending && (
          <span
            className={`cust-tag cust-tag--${row.pending.state}`}
            title={
              row.pending.state === 'rejected'
                ? `Kapso refused it: ${row.pending.reason ?? ''}`
                : pendingText[row.pending.op]
            }
            data-testid="pending-tag"
          >
            {row.pending.state === 'rejected'
              ? 'rejected'
              : row.pending.op === 'create'
                ? 'not sent'
                : `${row.pending.op} pending`}
          </span>
        )}
      </span>
      <span className="cust-mono cust-col--wide" title={row.externalCustomerId ?? ''}>
        {row.externalCustomerId ?? <span className="muted">—</span>}
      </span>
      <span>
        <span className={`cust-state cust-state--${row.connection}`} title={connectionHelp[row.connection]}>
          {filterLabels[row.connection]}
        </span>
        <WatchingMark customerId={row.id} />
      </span>
      <span className="cust-mono">
        {row.phoneDisplay ?? <span className="muted">—</span>}
        {row.phoneCount > 1 && <span className="muted"> +{row.phoneCount - 1}</span>}
      </span>
      <span>{date(row.createdAt)}</span>
      <span className="cust-col--wide">{date(row.lastActivityAt)}</span>
    </div>
  )
}
