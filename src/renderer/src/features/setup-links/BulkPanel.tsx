import { useEffect, useState } from 'react'
import type { CustomerRow } from '../../../../shared/customers/customer'
import type { BulkJob, BulkProgress } from '../../../../shared/setupLinks/link'
import { kapso } from '../../bridge'
import { useNotices } from '../../stores/notices'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { downloadInPage } from './pageFiles'
import { useSetupLinks } from './useSetupLinks'

const MAX = 5000

/**
 * Many customers, one preset: pick customers from the local list, run, watch
 * progress; a failure is listed and the others go on; export a CSV of the links.
 */
export function BulkPanel() {
  const presets = useSetupLinks((s) => s.presets)
  const loadPresets = useSetupLinks((s) => s.loadPresets)
  const notify = useNotices((s) => s.push)
  const [search, setSearch] = useState('')
  const [rows, setRows] = useState<CustomerRow[]>([])
  const [total, setTotal] = useState(0)
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [presetId, setPresetId] = useState<number | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [job, setJob] = useState<BulkJob | null>(null)
  const [progress, setProgress] = useState<BulkProgress | null>(null)

  useEffect(() => {
    void loadPresets()
  }, [loadPresets])
  useEffect(() => {
    setPresetId((id) => id ?? presets.find((p) => p.isDefault)?.id ?? null)
  }, [presets])

  useEffect(() => {
    let live = true
    const timer = setTimeout(async () => {
      const result = await kapso['customers.query']({ search, limit: 200, offset: 0, sort: 'name' })
      if (live && result.ok) {
        setRows(result.data.rows.filter((r) => !r.local))
        setTotal(result.data.total)
      }
    }, 120)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [search])

  const jobId = job?.jobId
  useEffect(
    () =>
      kapso.on('setupLinks.bulkProgress', (items) => {
        const last = items.filter((i) => i.jobId === jobId).at(-1)
        if (last) setProgress(last)
      }),
    [jobId],
  )
  useEffect(() => {
    if (progress?.finished && jobId)
      void kapso['setupLinks.bulkResult']({ jobId }).then((r) => r.ok && setJob(r.data))
  }, [progress?.finished, jobId])

  const selectAllMatching = async () => {
    const ids = new Set(selected)
    for (let offset = 0; offset < Math.min(total, MAX); offset += 500) {
      const result = await kapso['customers.query']({ search, limit: 500, offset, sort: 'name' })
      if (!result.ok) break
      for (const r of result.data.rows) if (!r.local && ids.size < MAX) ids.add(r.id)
    }
    setSelected(ids)
  }

  const start = async () => {
    setConfirming(false)
    const result = await kapso['setupLinks.bulkStart']({ customerIds: [...selected], presetId })
    if (!result.ok) return notify({ level: 'error', title: 'Could not start', detail: result.error.message })
    setJob(result.data)
    setProgress(null)
  }

  const exportCsv = async () => {
    if (!job) return
    const result = await kapso['setupLinks.bulkCsv']({ jobId: job.jobId })
    if (!result.ok) return notify({ level: 'error', title: 'Could not export', detail: result.error.message })
    if (result.data.outcome === 'page') downloadInPage(result.data.file)
    else if (result.data.outcome === 'done')
      notify({ level: 'success', title: 'CSV saved', detail: result.data.path ?? '' })
  }

  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })

  const shown = progress ?? job
  const failures = progress?.failures ?? job?.items.filter((i) => i.state === 'failed') ?? []
  const running = shown && !shown.finished
  const presetName = presets.find((p) => p.id === presetId)?.name ?? 'Kapso defaults'
  return (
    <section className="panel bulk" aria-label="Bulk generation" data-testid="bulk-panel">
      <header className="panel__header">
        <h2>Generate links for many customers</h2>
      </header>
      <div className="bulk__controls row">
        <input
          type="search"
          placeholder="Filter customers…"
          aria-label="Filter customers"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <button type="button" className="button button--small" onClick={() => void selectAllMatching()}>
          Select all {total.toLocaleString()} matching
        </button>
        <button
          type="button"
          className="button button--small"
          onClick={() => setSelected(new Set())}
          disabled={!selected.size}
        >
          Clear
        </button>
        <label className="bulk__preset">
          Preset{' '}
          <select
            value={presetId ?? ''}
            onChange={(e) => setPresetId(e.target.value ? Number(e.target.value) : null)}
          >
            <option value="">Kapso defaults</option>
            {presets.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button button--primary"
          disabled={!selected.size || !!running}
          onClick={() => setConfirming(true)}
        >
          Generate {selected.size.toLocaleString()} link{selected.size === 1 ? '' : 's'}
        </button>
      </div>
      <ul className="bulk__customers" aria-label="Customers">
        {rows.map((r) => (
          <li key={r.id}>
            <label className="check">
              <input type="checkbox" checked={selected.has(r.id)} onChange={() => toggle(r.id)} />
              {r.name}
              {r.externalCustomerId && <span className="muted"> · {r.externalCustomerId}</span>}
            </label>
          </li>
        ))}
        {total > rows.length && (
          <li className="muted">
            …and {(total - rows.length).toLocaleString()} more: filter, or select all matching.
          </li>
        )}
      </ul>
      {shown && (
        <div className="bulk__progress" data-testid="bulk-progress">
          <progress max={shown.total} value={shown.done} aria-label="Links generated" />
          <p>
            {shown.done.toLocaleString()} of {shown.total.toLocaleString()} done ·{' '}
            {shown.created.toLocaleString()} created · {shown.failed.toLocaleString()} failed
            {shown.finished ? (shown.cancelled ? ' · cancelled' : ' · finished') : '…'}
          </p>
          <div className="row">
            {running && (
              <button
                type="button"
                className="button button--small"
                onClick={() => job && void kapso['setupLinks.bulkCancel']({ jobId: job.jobId })}
              >
                Stop
              </button>
            )}
            {shown.finished && shown.created > 0 && (
              <button type="button" className="button button--small" onClick={() => void exportCsv()}>
                Export CSV
              </button>
            )}
          </div>
          {failures.length > 0 && (
            <ul className="bulk__failures" aria-label="Failures">
              {failures.map((f) => (
                <li key={f.customerId} className="field__error">
                  <strong>{f.customerName}</strong>: {f.error}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        title={`Generate ${selected.size.toLocaleString()} setup links?`}
        confirmLabel="Generate links"
        onConfirm={() => void start()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          Each selected customer gets a new link with “{presetName}”. A customer who already has an active
          link has it <strong>revoked</strong>.
        </p>
      </ConfirmDialog>
    </section>
  )
}
