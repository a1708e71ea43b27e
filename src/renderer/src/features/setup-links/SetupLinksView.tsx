import { useEffect, useRef, useState } from 'react'
import type { CustomerRow } from '../../../../shared/customers/customer'
import { kapso } from '../../bridge'
import { EmptyState } from '../../ui/EmptyState'
import { ErrorState } from '../../ui/ErrorState'
import { Icons } from '../../ui/Icons'
import { BulkPanel } from './BulkPanel'
import { dateTime, statusLabel } from './format'
import { LinkCard } from './LinkCard'
import { shortcutBlocked } from './NewSetupLinkButton'
import { type LinkCustomer, SetupLinkDialog } from './SetupLinkDialog'
import { subscribeToSetupLinks, useSetupLinks } from './useSetupLinks'
import './setupLinks.css'

const LinkIcon = Icons['setup-links']

/** Pick a customer from the local list to make a link for. */
function CustomerPicker(props: { onPick(customer: LinkCustomer): void }) {
  const [search, setSearch] = useState('')
  const [rows, setRows] = useState<CustomerRow[]>([])
  const [cursor, setCursor] = useState(0)
  useEffect(() => {
    let live = true
    const timer = setTimeout(async () => {
      const result = await kapso['customers.query']({ search, limit: 8, sort: 'name' })
      if (live && result.ok) {
        setRows(result.data.rows.filter((r) => !r.local))
        setCursor(0)
      }
    }, 100)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [search])
  return (
    <div className="picker">
      <input
        type="search"
        autoFocus
        placeholder="Customer name or external id…"
        aria-label="Find a customer"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setCursor((c) => Math.min(c + 1, rows.length - 1))
          else if (e.key === 'ArrowUp') setCursor((c) => Math.max(c - 1, 0))
          else if (e.key === 'Enter' && rows[cursor]) props.onPick(rows[cursor])
          else return
          e.preventDefault()
        }}
      />
      <ul className="picker__list" aria-label="Customers">
        {rows.map((r, i) => (
          <li key={r.id}>
            <button
              type="button"
              className={i === cursor ? 'picker__item is-cursor' : 'picker__item'}
              onClick={() => props.onPick(r)}
            >
              <strong>{r.name}</strong>
              {r.externalCustomerId && <span className="muted"> · {r.externalCustomerId}</span>}
            </button>
          </li>
        ))}
        {!rows.length && (
          <li className="muted">No customer matches. Customers appear here once the list has synced.</li>
        )}
      </ul>
    </div>
  )
}

/** Recent links across customers (from the local cache, so offline too), one open in full; bulk generation. */
export function SetupLinksView() {
  const { recent, queued, search, error, loaded, load, setSearch, loadPresets } = useSetupLinks()
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const [tab, setTab] = useState<'recent' | 'bulk'>('recent')
  const [picking, setPicking] = useState(false)
  const [customer, setCustomer] = useState<LinkCustomer | null>(null)
  const pickerRef = useRef<HTMLDialogElement>(null)

  useEffect(() => subscribeToSetupLinks(), [])
  useEffect(() => {
    void load()
    void loadPresets()
  }, [load, loadPresets])
  useEffect(() => {
    const dialog = pickerRef.current
    if (!dialog) return
    if (picking && !dialog.open) dialog.showModal()
    if (!picking && dialog.open) dialog.close()
  }, [picking])
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== 'l' || e.shiftKey || shortcutBlocked(e)) return
      e.preventDefault()
      setPicking(true)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const selected = recent.find((l) => l.id === selectedId) ?? recent[0] ?? null
  return (
    <div className="view">
      <header className="view__header">
        <h1>Setup links</h1>
        <div className="row links-header-actions">
          <div className="tabs" role="tablist" aria-label="Setup link views">
            {(['recent', 'bulk'] as const).map((t) => (
              <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
                {t === 'recent' ? 'Recent' : 'Bulk'}
              </button>
            ))}
          </div>
          <button
            type="button"
            className="button button--primary"
            onClick={() => setPicking(true)}
            title="New setup link (L)"
            aria-keyshortcuts="L"
          >
            New setup link…
          </button>
        </div>
      </header>
      <div className="view__body links-view">
        {tab === 'bulk' ? (
          <BulkPanel />
        ) : error && !recent.length ? (
          <ErrorState error={error} onRetry={() => void load()} />
        ) : (
          <div className="links-split">
            <section className="links-list" aria-label="Recent setup links">
              <input
                type="search"
                placeholder="Search customer, external id or URL…"
                aria-label="Search setup links"
                value={search}
                onChange={(e) => setSearch(e.target.value)}
              />
              {queued.length > 0 && (
                <div className="callout callout--warning" data-testid="queued-list">
                  <strong>{queued.length} waiting for Kapso</strong>
                  <ul>
                    {queued.map((q) => (
                      <li key={q.seq}>
                        {q.customerName} —{' '}
                        {q.state === 'rejected' ? `refused: ${q.error}` : `queued ${dateTime(q.createdAt)}`}{' '}
                        <button
                          type="button"
                          className="button button--small"
                          onClick={() =>
                            void kapso['setupLinks.discardQueued']({ seq: q.seq }).then(() => load())
                          }
                        >
                          Discard
                        </button>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              {loaded && !recent.length ? (
                <EmptyState icon={<LinkIcon />} title={search ? 'No link matches' : 'No setup links yet'}>
                  <p>
                    Create one for a customer with “New setup link…” (or press L). Links you open are kept
                    here, offline too.
                  </p>
                </EmptyState>
              ) : (
                <ul className="links-list__items" aria-label="Setup links">
                  {recent.map((l) => (
                    <li key={l.id}>
                      <button
                        type="button"
                        className={
                          selected?.id === l.id ? 'links-list__item is-selected' : 'links-list__item'
                        }
                        aria-current={selected?.id === l.id ? 'true' : undefined}
                        onClick={() => setSelectedId(l.id)}
                        data-testid="recent-link"
                      >
                        <span className={`link-status link-status--${l.effectiveStatus}`}>
                          {statusLabel[l.effectiveStatus] ?? (l.effectiveStatus || '—')}
                        </span>
                        <span className="links-list__name">{l.customerName}</span>
                        <span className="muted links-list__date">
                          {l.createdAt ? dateTime(l.createdAt) : '—'}
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section className="links-detail" aria-label="Selected setup link">
              {selected && <LinkCard key={selected.id} link={selected} onChanged={() => void load()} />}
              {selected && (
                <button
                  type="button"
                  className="button button--small links-detail__new"
                  onClick={() => setCustomer({ id: selected.customerId, name: selected.customerName })}
                >
                  History and new link for {selected.customerName}…
                </button>
              )}
            </section>
          </div>
        )}
      </div>
      <dialog
        ref={pickerRef}
        className="dialog"
        aria-label="Choose a customer"
        onCancel={() => setPicking(false)}
        onClose={() => setPicking(false)}
      >
        <h2>New setup link for…</h2>
        {picking && (
          <CustomerPicker
            onPick={(c) => {
              setPicking(false)
              setCustomer({ id: c.id, name: c.name })
            }}
          />
        )}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={() => setPicking(false)}>
            Cancel
          </button>
        </div>
      </dialog>
      {customer && <SetupLinkDialog customer={customer} open onClose={() => setCustomer(null)} />}
    </div>
  )
}
