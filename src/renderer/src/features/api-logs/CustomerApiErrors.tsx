import { useEffect, useState } from 'react'
import type { ApiLogRow } from '../../../../shared/apiLogs/contract'
import type { AppErrorData } from '../../../../shared/ipc/errors'
import { kapso } from '../../bridge'
import { logTime, shortEndpoint, staleNote, statusClass } from './format'
import './apiLogs.css'

interface Loaded {
  rows: ApiLogRow[]
  total: number
  asOf: string | null
  problem: AppErrorData | null
}

/** "Recent API errors" in a customer's detail: failed calls of the last 30 days whose path names the customer. */
export function CustomerApiErrors(props: { customerId: string }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  const [error, setError] = useState<AppErrorData | null>(null)

  useEffect(() => {
    let live = true
    setLoaded(null)
    setError(null)
    void kapso['apiLogs.customerErrors']({ customerId: props.customerId }).then((result) => {
      if (!live) return
      if (result.ok) setLoaded(result.data)
      else setError(result.error)
    })
    return () => {
      live = false
    }
  }, [props.customerId])

  return (
    <section
      className="cust-detail__section"
      aria-label="Recent API errors"
      data-testid="customer-api-errors"
    >
      <h3>Recent API errors</h3>
      {error ? (
        <p className="callout callout--error" role="alert">
          {error.message}
        </p>
      ) : !loaded ? (
        <p className="muted" aria-busy="true">
          Asking Kapso’s API logs…
        </p>
      ) : (
        <>
          {loaded.problem && (
            <p className="muted" role="status">
              {staleNote(loaded.problem, loaded.asOf)}
            </p>
          )}
          {loaded.rows.length === 0 ? (
            <p className="muted">No failed call named this customer in the last 30 days.</p>
          ) : (
            <ul className="cust-list cust-api-errors">
              {loaded.rows.map((r) => (
                <li key={r.id} data-testid="customer-api-error">
                  <span>
                    <span className={`log-status ${statusClass(r.status)}`}>{r.status}</span>{' '}
                    <code>
                      {r.method} {shortEndpoint(r.endpoint)}
                    </code>
                  </span>
                  <span className="muted">
                    {logTime(r.createdAt)}
                    {r.errorMessage ? ` · ${r.errorMessage}` : ''}
                  </span>
                </li>
              ))}
              {loaded.total > loaded.rows.length && (
                <li className="muted">
                  {loaded.total - loaded.rows.length} more in API logs (filter by this customer’s id).
                </li>
              )}
            </ul>
          )}
        </>
      )}
    </section>
  )
}
