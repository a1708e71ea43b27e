import { useEffect, useRef, useState } from 'react'
import type { ApiLogFilters } from '../../../../shared/apiLogs/contract'
import { EmptyState } from '../../ui/EmptyState'
import { ErrorState } from '../../ui/ErrorState'
import { ApiLogList } from './ApiLogList'
import { staleNote } from './format'
import { useApiLogs } from './useApiLogs'
import './apiLogs.css'

const periods: Array<{ value: ApiLogFilters['period']; label: string }> = [
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
]

/** The project's calls to Kapso (`GET /api_logs`), for support: filters as the API has them, cached for offline. */
export function ApiLogsView() {
  const filters = useApiLogs((s) => s.filters)
  const total = useApiLogs((s) => s.total)
  const loading = useApiLogs((s) => s.loading)
  const refreshing = useApiLogs((s) => s.refreshing)
  const asOf = useApiLogs((s) => s.asOf)
  const problem = useApiLogs((s) => s.problem)
  const error = useApiLogs((s) => s.error)
  const [endpoint, setEndpoint] = useState(filters.endpoint)
  const [status, setStatus] = useState(filters.status === null ? '' : String(filters.status))
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const pending = useRef<Partial<ApiLogFilters>>({})

  useEffect(() => {
    const state = useApiLogs.getState()
    state.setFilters(state.filters)
    return () => {
      if (timer.current) clearTimeout(timer.current)
    }
  }, [])

  const later = (patch: Partial<ApiLogFilters>) => {
    // Patches typed in quick succession (endpoint, then status) are merged, not dropped.
    pending.current = { ...pending.current, ...patch }
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(() => {
      const merged = pending.current
      pending.current = {}
      useApiLogs.getState().setFilters(merged)
    }, 300)
  }
  const statusValid = status === '' || /^[1-5]\d\d$/.test(status)
  const filtered = filters.errorsOnly || filters.endpoint !== '' || filters.status !== null
  const when = periods.find((p) => p.value === filters.period)!.label.toLowerCase()

  return (
    <div className="view logs">
      <header className="view__header">
        <h1>API logs</h1>
        <span className="muted" data-testid="api-log-count">
          {total.toLocaleString('en-US')} {total === 1 ? 'call' : 'calls'}
        </span>
        <span className="muted logs-asof" data-testid="api-log-asof">
          {refreshing ? 'Asking Kapso…' : asOf ? `as of ${new Date(asOf).toLocaleTimeString()}` : ''}
        </span>
        <button
          type="button"
          className="button button--small"
          onClick={() => void useApiLogs.getState().refresh()}
          disabled={refreshing}
        >
          Refresh
        </button>
      </header>
      <div className="logs-main">
        <form className="logs-filters" aria-label="Filter API logs" onSubmit={(e) => e.preventDefault()}>
          <label className="logs-check">
            <input
              type="checkbox"
              checked={filters.errorsOnly}
              onChange={(e) => useApiLogs.getState().setFilters({ errorsOnly: e.target.checked })}
            />
            Errors only
          </label>
          <label className="logs-field">
            <span>Endpoint</span>
            <input
              type="search"
              value={endpoint}
              placeholder="e.g. /customers"
              onChange={(e) => {
                setEndpoint(e.target.value)
                later({ endpoint: e.target.value.trim() })
              }}
              data-testid="api-log-endpoint"
            />
          </label>
          <label className={`logs-field logs-field--status${statusValid ? '' : ' field--invalid'}`}>
            <span>Status</span>
            <input
              inputMode="numeric"
              value={status}
              placeholder="any"
              maxLength={3}
              aria-invalid={statusValid ? undefined : true}
              aria-describedby={statusValid ? undefined : 'logs-status-error'}
              onChange={(e) => {
                const v = e.target.value.trim()
                setStatus(v)
                if (v === '' || /^[1-5]\d\d$/.test(v)) later({ status: v === '' ? null : Number(v) })
              }}
            />
          </label>
          <label className="logs-field">
            <span>Period</span>
            <select
              value={filters.period}
              onChange={(e) =>
                useApiLogs.getState().setFilters({ period: e.target.value as ApiLogFilters['period'] })
              }
            >
              {periods.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          {!statusValid && (
            <p id="logs-status-error" className="field__error">
              A status is three digits, e.g. 404 or 422.
            </p>
          )}
        </form>
        {problem && (asOf || total > 0) && (
          <p
            className={`callout ${problem.code === 'offline' ? 'callout--warning' : 'callout--error'}`}
            role="status"
            data-testid="api-log-stale"
          >
            {staleNote(problem, asOf)}
          </p>
        )}
        {error ? (
          <ErrorState error={error} onRetry={() => useApiLogs.getState().setFilters({})} />
        ) : problem && !asOf && total === 0 ? (
          <ErrorState error={problem} onRetry={() => void useApiLogs.getState().refresh()} />
        ) : !loading && total === 0 ? (
          <EmptyState title={filtered ? 'No call matches' : 'No API calls yet'}>
            <p>
              {filtered
                ? `No call of the ${when} matches these filters. Widen the period or clear a filter.`
                : `Kapso logged no call with this project’s keys in the ${when}.`}
            </p>
          </EmptyState>
        ) : (
          <>
            <div className="log-head log-row" aria-hidden="true">
              <span>Time</span>
              <span>Method</span>
              <span>Endpoint</span>
              <span>Status</span>
              <span className="log-col--wide">Time taken</span>
              <span>Error</span>
            </div>
            <ApiLogList />
          </>
        )}
      </div>
    </div>
  )
}
