import { useEffect, useState } from 'react'
import { type SignatureState, SignatureStateSchema } from '../../../../shared/webhooks/event'
import { fromLocalInput, signatureLabel, toLocalInput } from './format'
import { filterActive, useWebhookEvents } from './useWebhookEvents'

/** Type, number, customer, signature, time range and full-text search; the database does the matching. */
export function EventFilters() {
  const filter = useWebhookEvents((s) => s.filter)
  const facets = useWebhookEvents((s) => s.facets)
  const { setFilter, clearFilter } = useWebhookEvents.getState()
  const [text, setText] = useState(filter.text ?? '')
  const [customer, setCustomer] = useState(filter.customer ?? '')

  // A saved view (or Reset) sets the filter from outside: the typed fields follow it.
  useEffect(() => setText(filter.text ?? ''), [filter.text])
  useEffect(() => setCustomer(filter.customer ?? ''), [filter.customer])

  // Typing is debounced so a search runs once per pause, not per key.
  useEffect(() => {
    const timer = setTimeout(() => {
      if ((filter.text ?? '') !== text) setFilter({ text: text || undefined })
    }, 250)
    return () => clearTimeout(timer)
  }, [text, filter.text, setFilter])
  useEffect(() => {
    const timer = setTimeout(() => {
      if ((filter.customer ?? '') !== customer) setFilter({ customer: customer || undefined })
    }, 250)
    return () => clearTimeout(timer)
  }, [customer, filter.customer, setFilter])

  return (
    <search className="filters" aria-label="Filter events">
      <label className="wh-field">
        <span>Search bodies</span>
        <input
          type="search"
          value={text}
          placeholder="words in the JSON…"
          onChange={(e) => setText(e.target.value)}
          data-testid="filter-text"
        />
      </label>
      <label className="wh-field">
        <span>Event type</span>
        <select
          value={filter.eventTypes?.[0] ?? ''}
          onChange={(e) => setFilter({ eventTypes: e.target.value ? [e.target.value] : undefined })}
          data-testid="filter-type"
        >
          <option value="">All</option>
          {facets?.eventTypes.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label className="wh-field">
        <span>Phone number</span>
        <select
          value={filter.phoneNumberId ?? ''}
          onChange={(e) => setFilter({ phoneNumberId: e.target.value || undefined })}
        >
          <option value="">All</option>
          {facets?.phoneNumberIds.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <label className="wh-field">
        <span>Customer</span>
        <input
          value={customer}
          list="webhook-customers"
          placeholder="name or id"
          onChange={(e) => setCustomer(e.target.value)}
        />
        <datalist id="webhook-customers">
          {facets?.customers.map((c) => (
            <option key={c.id} value={c.name || c.id} />
          ))}
        </datalist>
      </label>
      <label className="wh-field">
        <span>Signature</span>
        <select
          value={filter.signature?.[0] ?? ''}
          onChange={(e) =>
            setFilter({ signature: e.target.value ? [e.target.value as SignatureState] : undefined })
          }
          data-testid="filter-signature"
        >
          <option value="">Any</option>
          {SignatureStateSchema.options.map((s) => (
            <option key={s} value={s}>
              {signatureLabel[s]}
            </option>
          ))}
        </select>
      </label>
      <label className="wh-field">
        <span>From</span>
        <input
          type="datetime-local"
          value={toLocalInput(filter.from)}
          onChange={(e) => setFilter({ from: fromLocalInput(e.target.value) })}
        />
      </label>
      <label className="wh-field">
        <span>To</span>
        <input
          type="datetime-local"
          value={toLocalInput(filter.to)}
          onChange={(e) => setFilter({ to: fromLocalInput(e.target.value) })}
        />
      </label>
      <button
        type="button"
        className="button button--small filters__reset"
        disabled={!filterActive(filter)}
        onClick={() => {
          setText('')
          setCustomer('')
          clearFilter()
        }}
      >
        Reset
      </button>
    </search>
  )
}
