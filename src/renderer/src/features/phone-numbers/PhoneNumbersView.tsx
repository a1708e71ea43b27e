import { useEffect, useRef } from 'react'
import { unreadableText } from '../../../../shared/kapso/unreadable'
import { kapso } from '../../bridge'
import { EmptyState } from '../../ui/EmptyState'
import { ErrorState } from '../../ui/ErrorState'
import { PhoneNumberList } from './PhoneNumberList'
import { PhoneNumberPanel } from './PhoneNumberPanel'
import { usePhoneNumbers } from './usePhoneNumbers'
import './phoneNumbers.css'

/** Every number of the project, from the local cache: searchable, with health and a test message. */
export function PhoneNumbersView() {
  const search = usePhoneNumbers((s) => s.search)
  const total = usePhoneNumbers((s) => s.total)
  const unreadable = usePhoneNumbers((s) => s.unreadable)
  const cached = usePhoneNumbers((s) => s.cached)
  const loading = usePhoneNumbers((s) => s.loading)
  const error = usePhoneNumbers((s) => s.error)
  const selectedId = usePhoneNumbers((s) => s.selectedId)
  const rows = usePhoneNumbers((s) => s.rows)
  const searchRef = useRef<HTMLInputElement>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)

  useEffect(() => {
    const state = usePhoneNumbers.getState()
    state.setSearch(state.search)
    let pending: ReturnType<typeof setTimeout> | null = null
    // Numbers arrive with the customers sync and with detected connections.
    const off = kapso.on('customers.changed', () => {
      pending ??= setTimeout(() => {
        pending = null
        usePhoneNumbers.getState().reload()
      }, 500)
    })
    return () => {
      off()
      if (pending) clearTimeout(pending)
    }
  }, [])

  const selected = selectedId ? [...rows.values()].find((r) => r.phoneNumberId === selectedId) : undefined
  const onSearch = (value: string) => {
    usePhoneNumbers.setState({ search: value })
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(() => usePhoneNumbers.getState().setSearch(value), 150)
  }

  return (
    <div className="view pn">
      <header className="view__header">
        <h1>Phone numbers</h1>
        <span className="muted" data-testid="phone-number-count">
          {search.trim()
            ? `${total.toLocaleString('en-US')} of ${cached.toLocaleString('en-US')}`
            : `${cached.toLocaleString('en-US')} numbers`}
        </span>
      </header>
      <div className="pn-body">
        <div className="pn-main">
          <input
            ref={searchRef}
            type="search"
            className="pn-search"
            placeholder="Search by number, phone_number_id, customer or business account"
            aria-label="Search phone numbers"
            value={search}
            onChange={(e) => onSearch(e.target.value)}
            data-testid="phone-number-search"
          />
          {unreadable.length > 0 && !error && (
            <ul className="pn-unreadable" aria-label="Numbers that could not be read">
              {unreadable.map((u) => (
                <li
                  key={`${u.id ?? ''}-${u.index}`}
                  className="pn-unreadable__row"
                  data-testid="unreadable-row"
                >
                  {unreadableText(u)}
                  {u.id ? ` (id ${u.id})` : ''}
                </li>
              ))}
            </ul>
          )}
          {error ? (
            <ErrorState error={error} onRetry={() => usePhoneNumbers.getState().reload()} />
          ) : !loading && cached === 0 && unreadable.length === 0 ? (
            <EmptyState title="No phone numbers yet">
              <p>Numbers appear here after the customers sync, and the moment a customer connects one.</p>
            </EmptyState>
          ) : !loading && total === 0 ? (
            <EmptyState title="No number matches">
              <p>
                Nothing matches “{search}”. Search by display number, digits, phone_number_id, customer or
                WABA.
              </p>
            </EmptyState>
          ) : (
            <>
              <div className="pn-head pn-row" aria-hidden="true">
                <span>Number</span>
                <span>phone_number_id</span>
                <span>Customer</span>
                <span className="pn-col--wide">Business account</span>
                <span>Health / status</span>
                <span className="pn-col--wide">Created</span>
              </div>
              <PhoneNumberList />
            </>
          )}
        </div>
        {selected && (
          <PhoneNumberPanel row={selected} onClose={() => usePhoneNumbers.getState().select(null)} />
        )}
      </div>
    </div>
  )
}
