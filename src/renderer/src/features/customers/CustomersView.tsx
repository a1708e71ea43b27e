import { useEffect, useRef, useState } from 'react'
import { type CustomerFilter, customerFilters, type OutboxEntry } from '../../../../shared/customers/customer'
import { unreadableText } from '../../../../shared/kapso/unreadable'
import { kapso } from '../../bridge'
import { useNotices } from '../../stores/notices'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { EmptyState } from '../../ui/EmptyState'
import { ErrorState } from '../../ui/ErrorState'
import { Icons } from '../../ui/Icons'
import { CustomerDetailPanel } from './CustomerDetail'
import { CustomerForm, type CustomerFormTarget } from './CustomerForm'
import { CustomerTable } from './CustomerTable'
import { count, filterLabels } from './format'
import { SyncBar } from './SyncBar'
import { useCustomers } from './useCustomers'
import './customers.css'

export function CustomersView() {
  const search = useCustomers((s) => s.search)
  const filter = useCustomers((s) => s.filter)
  const counts = useCustomers((s) => s.counts)
  const total = useCustomers((s) => s.total)
  const loading = useCustomers((s) => s.loading)
  const error = useCustomers((s) => s.error)
  const selected = useCustomers((s) => s.selected)
  const status = useCustomers((s) => s.status)
  const openId = useCustomers((s) => s.openId)
  const unreadable = useCustomers((s) => s.unreadable)
  const store = useCustomers.getState()
  const [form, setForm] = useState<CustomerFormTarget | null>(null)
  const [confirm, setConfirm] = useState<{ ids: string[]; names: string[] } | null>(null)
  const [deleting, setDeleting] = useState(false)
  const searchRef = useRef<HTMLInputElement>(null)
  const gridRef = useRef<HTMLDivElement>(null)
  const push = useNotices((s) => s.push)

  useEffect(() => {
    const state = useCustomers.getState()
    state.setSearch(state.search)
    void state.loadStatus()
    void state.loadOutbox()
    let timer: ReturnType<typeof setTimeout> | null = null
    const refetch = () => {
      timer = null
      const now = useCustomers.getState()
      void now.reload()
      void now.reloadDetail()
      void now.loadOutbox()
    }
    const offs = [
      kapso.on('customers.sync', (items) => {
        const last = items.at(-1)
        if (!last) return
        useCustomers.getState().setStatus(last)
        // The sync ended: its last pages show now, together with the "Last synced" that says so.
        if (last.state !== 'syncing' && timer) {
          clearTimeout(timer)
          refetch()
        }
      }),
      kapso.on('customers.changed', (items) => {
        const s = useCustomers.getState()
        if (items.some((i) => i.reason === 'project')) s.setSearch(s.search)
        // Many pages in a burst become one refetch of what is on screen.
        if (!timer) timer = setTimeout(refetch, 250)
      }),
    ]
    // `/` or Ctrl/Cmd+K focuses the search from anywhere in the view.
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName)
      if ((e.key === '/' && !typing) || (e.key.toLowerCase() === 'k' && (e.ctrlKey || e.metaKey))) {
        if (document.querySelector('dialog[open]')) return
        e.preventDefault()
        searchRef.current?.focus()
        searchRef.current?.select()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => {
      for (const off of offs) off()
      if (timer) clearTimeout(timer)
      window.removeEventListener('keydown', onKey)
    }
  }, [])

  const askDelete = (ids: string[]) => {
    const rows = [...useCustomers.getState().rows.values()]
    const detail = useCustomers.getState().detail
    const names = ids.map(
      (id) => rows.find((r) => r.id === id)?.name ?? (detail?.customer.id === id ? detail.customer.name : id),
    )
    setConfirm({ ids, names })
  }
  const doDelete = async () => {
    if (!confirm) return
    setDeleting(true)
    const result = await kapso['customers.delete']({ ids: confirm.ids })
    setDeleting(false)
    setConfirm(null)
    if (!result.ok) {
      push({ level: 'error', title: 'Could not delete', detail: result.error.message })
      return
    }
    const what = confirm.names.length === 1 ? `“${confirm.names[0]}”` : `${confirm.names.length} customers`
    push(
      result.data.outcome === 'queued'
        ? {
            level: 'info',
            title: `${what} will be deleted`,
            detail: 'Kapso is not reachable; the delete is sent as soon as it is.',
          }
        : { level: 'success', title: `${what} deleted` },
    )
    if (openId && confirm.ids.includes(openId) && result.data.outcome === 'applied') void store.open(null)
    store.clearSelection()
    gridRef.current?.focus()
  }
  const fix = (entry: OutboxEntry) =>
    setForm({
      id: entry.customerId,
      name: entry.payload.name ?? entry.customerName,
      externalCustomerId: entry.payload.external_customer_id ?? null,
      retrySeq: entry.seq,
      ...(entry.error?.fields ? { fields: entry.error.fields } : {}),
    })

  const cached = status?.cachedCustomers ?? 0
  const filtered = search.trim() !== '' || filter !== 'all'
  return (
    <div className="view cust">
      <header className="view__header">
        <h1>Customers</h1>
        <span className="muted" data-testid="customer-count" aria-live="polite">
          {counts ? `${count(total)} ${filtered ? 'matching' : total === 1 ? 'customer' : 'customers'}` : ''}
        </span>
        <div className="cust-header-actions">
          <SyncBar status={status} />
          <button
            type="button"
            className="button button--primary"
            onClick={() => setForm({ id: null, name: '', externalCustomerId: null })}
          >
            New customer
          </button>
        </div>
      </header>

      {status && !status.online && (
        <div className="cust-banner cust-banner--offline" role="status" data-testid="offline-banner">
          <strong>Offline</strong>
          <span>
            Kapso has not been reachable since{' '}
            {status.offlineSince
              ? new Date(status.offlineSince).toLocaleTimeString('en-GB', {
                  hour: '2-digit',
                  minute: '2-digit',
                })
              : 'a moment ago'}
            {status.offlineSince &&
              ` (${new Date(status.offlineSince).toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })})`}
            . You are browsing the copy saved on this computer
            {status.pendingWrites > 0
              ? `; ${status.pendingWrites} change${status.pendingWrites === 1 ? '' : 's'} will be sent when it is back.`
              : '.'}
          </span>
          <button
            type="button"
            className="button button--small"
            onClick={() => void kapso['customers.syncNow']()}
          >
            Try now
          </button>
        </div>
      )}
      {status && status.rejectedWrites > 0 && (
        <div className="cust-banner cust-banner--rejected" role="alert" data-testid="rejected-banner">
          <strong>
            Kapso refused {status.rejectedWrites} change{status.rejectedWrites === 1 ? '' : 's'}
          </strong>
          <span>They are kept, marked “rejected” on their rows: open one to fix it or discard it.</span>
          <button
            type="button"
            className="button button--small"
            onClick={async () => {
              const result = await kapso['customers.listOutbox']()
              const first = result.ok ? result.data.find((e) => e.state === 'rejected') : undefined
              if (first) void store.open(first.customerId)
            }}
          >
            Show the first
          </button>
        </div>
      )}

      <div className="cust-toolbar">
        <div className="cust-search">
          <input
            ref={searchRef}
            type="search"
            placeholder="Search name, IDs or phone number"
            aria-label="Search customers"
            value={search}
            onChange={(e) => store.setSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' || e.key === 'Enter') {
                e.preventDefault()
                gridRef.current?.focus()
              }
              if (e.key === 'Escape' && search) store.setSearch('')
            }}
            data-testid="customer-search"
          />
          <span className="cust-kbd" aria-hidden="true">
            /
          </span>
        </div>
        <div className="cust-chips" role="radiogroup" aria-label="Filter by connection">
          {customerFilters.map((f: CustomerFilter) => (
            // biome-ignore lint/a11y/useSemanticElements: chips styled as buttons, announced as a radio group
            <button
              key={f}
              type="button"
              role="radio"
              aria-checked={filter === f}
              className={filter === f ? 'cust-chip is-active' : 'cust-chip'}
              onClick={() => store.setFilter(f)}
              data-filter={f}
            >
              {filterLabels[f]}
              <span className="cust-chip__count">{counts ? count(counts[f]) : '…'}</span>
            </button>
          ))}
        </div>
      </div>

      {selected.size > 0 && (
        <div className="cust-bulk" role="toolbar" aria-label="Bulk actions">
          <strong>{count(selected.size)} selected</strong>
          <button
            type="button"
            className="button button--small button--danger"
            onClick={() => askDelete([...selected])}
          >
            Delete selected
          </button>
          <button type="button" className="button button--small" onClick={() => store.clearSelection()}>
            Clear selection
          </button>
          <span className="muted">Space toggles a row · Shift+↑/↓ extends</span>
        </div>
      )}

      <div className="cust-split">
        <div className="cust-main">
          {unreadable.length > 0 && !error && (
            <ul className="cust-unreadable" aria-label="Customers that could not be read">
              {unreadable.map((u) => (
                <li
                  key={`${u.id ?? ''}-${u.index}`}
                  className="cust-unreadable__row"
                  data-testid="unreadable-row"
                >
                  {unreadableText(u)}
                  {u.id ? ` (id ${u.id})` : ''}
                </li>
              ))}
            </ul>
          )}
          {error ? (
            <ErrorState error={error} onRetry={() => store.setSearch(search)} />
          ) : total === 0 && !loading ? (
            <EmptyState
              icon={<Icons.customers />}
              title={filtered ? 'No customer matches' : cached ? 'No customers' : 'No customers cached yet'}
            >
              {filtered ? (
                <p>Try fewer letters, another filter, or press Escape in the search field to clear it.</p>
              ) : status?.state === 'syncing' ? (
                <p>The first sync is running; customers appear here as pages arrive.</p>
              ) : (
                <p>Press “Sync now” to fetch the project's customers, or create the first one.</p>
              )}
            </EmptyState>
          ) : (
            <CustomerTable onDelete={askDelete} gridRef={gridRef} />
          )}
        </div>
        <CustomerDetailPanel
          onEdit={(d) =>
            setForm({
              id: d.customer.id,
              name: d.customer.name,
              externalCustomerId: d.customer.externalCustomerId,
            })
          }
          onFix={fix}
          onDelete={askDelete}
        />
      </div>

      <CustomerForm
        target={form}
        onClose={(savedId) => {
          setForm(null)
          if (savedId) void store.open(savedId)
        }}
      />
      <ConfirmDialog
        open={confirm !== null}
        title={
          confirm && confirm.ids.length === 1
            ? `Delete “${confirm.names[0]}”?`
            : `Delete ${confirm?.ids.length ?? 0} customers?`
        }
        confirmLabel={
          confirm && confirm.ids.length === 1
            ? `Delete “${confirm.names[0]}”`
            : `Delete ${confirm?.ids.length ?? 0} customers`
        }
        destructive
        busy={deleting}
        onConfirm={() => void doDelete()}
        onCancel={() => setConfirm(null)}
      >
        {confirm && confirm.ids.length > 1 ? (
          <p>
            {confirm.names.slice(0, 5).join(', ')}
            {confirm.names.length > 5 ? ` and ${confirm.names.length - 5} more` : ''} will be deleted in
            Kapso, with their numbers and setup links. This cannot be undone.
          </p>
        ) : (
          <p>The customer is deleted in Kapso with its numbers and setup links. This cannot be undone.</p>
        )}
      </ConfirmDialog>
    </div>
  )
}
