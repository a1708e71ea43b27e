import { useEffect, useState } from 'react'
import type { AppErrorData } from '../../../../shared/ipc/errors'
import type { PhoneNumberRow } from '../../../../shared/phoneNumbers/contract'
import type { DisplayNameRequestView, NumberNames } from '../../../../shared/phoneNumbers/managementContract'
import { kapso } from '../../bridge'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { usePhoneNumbers } from './usePhoneNumbers'

/** Kapso's words plus the field messages it sent ("New display name is too long …"). */
export function errorText(error: AppErrorData): string {
  const fields = Object.values(error.fields ?? {}).flat()
  return fields.length ? `${error.message}: ${fields.join(' ')}` : error.message
}

const digits = (s: string) => s.replace(/\D/g, '')

/** What the person must type to delete: the number as shown, or its phone_number_id when it has none. */
export function confirmationText(row: PhoneNumberRow): string {
  return row.displayPhoneNumber ?? row.phoneNumberId
}

function typedMatches(typed: string, row: PhoneNumberRow): boolean {
  const t = typed.trim()
  if (t === row.phoneNumberId) return true
  const d = digits(t)
  return d.length >= 6 && row.displayPhoneNumber !== null && d === digits(row.displayPhoneNumber)
}

const statusWords: Record<string, string> = {
  submitted: 'submitted',
  pending_review: 'waiting for Meta’s review',
  approved: 'approved',
  available_without_review: 'approved without review',
  deferred: 'deferred by Meta',
  declined: 'declined by Meta',
  expired: 'expired',
  no_review: 'no review needed',
  failed: 'failed',
  applied: 'applied',
  cancelled: 'cancelled',
}

/** Rename, display-name requests and delete: what the Platform API documents for a connected number. */
export function NumberManagement(props: { row: PhoneNumberRow; onDeleted(): void }) {
  const { row } = props
  const [names, setNames] = useState<NumberNames | null>(null)
  const [namesError, setNamesError] = useState<AppErrorData | null>(null)
  const [name, setName] = useState(row.name)
  const [renaming, setRenaming] = useState(false)
  const [renameNote, setRenameNote] = useState<{ ok: boolean; text: string } | null>(null)
  const [display, setDisplay] = useState('')
  const [requesting, setRequesting] = useState(false)
  const [requestError, setRequestError] = useState<AppErrorData | null>(null)
  const [deleteOpen, setDeleteOpen] = useState(false)
  const [typed, setTyped] = useState('')
  const [deleting, setDeleting] = useState(false)
  const [deleteError, setDeleteError] = useState<AppErrorData | null>(null)

  const loadNames = async () => {
    const result = await kapso['phoneNumbers.names']({ phoneNumberId: row.phoneNumberId })
    if (result.ok) {
      setNames(result.data)
      setNamesError(null)
    } else setNamesError(result.error)
  }
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when another number is shown
  useEffect(() => {
    setNames(null)
    setNamesError(null)
    setName(row.name)
    setRenameNote(null)
    setRequestError(null)
    void loadNames()
  }, [row.phoneNumberId])

  const rename = async (e: React.FormEvent) => {
    e.preventDefault()
    setRenaming(true)
    const result = await kapso['phoneNumbers.rename']({ phoneNumberId: row.phoneNumberId, name })
    setRenaming(false)
    if (result.ok) {
      setName(result.data.name)
      setRenameNote({ ok: true, text: `Renamed to “${result.data.name}”.` })
      // Patch the row in place: a reload empties the list for a moment, which closes this panel.
      const rows = new Map(usePhoneNumbers.getState().rows)
      for (const [i, r] of rows)
        if (r.phoneNumberId === row.phoneNumberId) rows.set(i, { ...r, name: result.data.name })
      usePhoneNumbers.setState({ rows })
    } else setRenameNote({ ok: false, text: errorText(result.error) })
  }

  const request = async (e: React.FormEvent) => {
    e.preventDefault()
    setRequesting(true)
    setRequestError(null)
    const result = await kapso['phoneNumbers.requestDisplayName']({
      phoneNumberId: row.phoneNumberId,
      name: display,
    })
    setRequesting(false)
    if (result.ok) {
      setDisplay('')
      setNames((n) => (n ? { ...n, requests: [result.data, ...n.requests] } : n))
    } else setRequestError(result.error)
  }

  const recheck = async (r: DisplayNameRequestView) => {
    const result = await kapso['phoneNumbers.displayNameRequest']({
      phoneNumberId: row.phoneNumberId,
      requestId: r.id,
    })
    if (result.ok) void loadNames()
    else setRequestError(result.error)
  }

  const remove = async () => {
    setDeleting(true)
    setDeleteError(null)
    const result = await kapso['phoneNumbers.delete']({ phoneNumberId: row.phoneNumberId, confirm: typed })
    setDeleting(false)
    if (!result.ok) return setDeleteError(result.error)
    setDeleteOpen(false)
    usePhoneNumbers.getState().select(null)
    usePhoneNumbers.getState().reload()
    props.onDeleted()
  }

  const target = confirmationText(row)
  return (
    <>
      <section className="cust-detail__section" aria-label="Name">
        <h3>Name in Kapso</h3>
        <form onSubmit={rename} className="pn-manage" aria-label="Rename number">
          <div className="field">
            <label htmlFor="pn-name">Name (your label; customers do not see it)</label>
            <input id="pn-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
          </div>
          <button
            type="submit"
            className="button"
            disabled={renaming || !name.trim() || name.trim() === row.name}
          >
            {renaming ? 'Saving…' : 'Rename'}
          </button>
        </form>
        {renameNote && (
          <p
            className={`callout ${renameNote.ok ? 'callout--success' : 'callout--error'}`}
            role={renameNote.ok ? 'status' : 'alert'}
            data-testid="rename-result"
          >
            {renameNote.text}
          </p>
        )}
      </section>

      <section className="cust-detail__section" aria-label="Display name" data-testid="display-names">
        <h3>Display name</h3>
        {namesError ? (
          <p className="callout callout--error" role="alert">
            {errorText(namesError)}
          </p>
        ) : !names ? (
          <p className="muted">Asking Kapso…</p>
        ) : (
          <p>
            What WhatsApp users see: <strong>{names.verifiedName ?? '—'}</strong>
            {names.nameStatus && <span className="muted"> · {names.nameStatus.toLowerCase()}</span>}
          </p>
        )}
        <form onSubmit={request} className="pn-manage" aria-label="Request a display name">
          <div className="field">
            <label htmlFor="pn-display">New display name (Meta reviews most within 24–48 hours)</label>
            <input
              id="pn-display"
              value={display}
              onChange={(e) => setDisplay(e.target.value)}
              maxLength={256}
            />
          </div>
          <button type="submit" className="button" disabled={requesting || !display.trim()}>
            {requesting ? 'Sending…' : 'Request display name'}
          </button>
        </form>
        {requestError && (
          <p className="callout callout--error" role="alert" data-testid="display-name-error">
            {errorText(requestError)}
          </p>
        )}
        {names && names.requests.length > 0 && (
          <ul className="cust-list pn-requests">
            {names.requests.map((r) => (
              <li key={r.id} data-testid="display-name-request">
                <span>
                  <strong>{r.requestedName}</strong>{' '}
                  <span className={`pn-request pn-request--${r.status}`}>
                    {statusWords[r.status] ?? r.status}
                  </span>
                </span>
                <span className="muted">
                  submitted {new Date(r.submittedAt).toLocaleString()}
                  {r.previousName ? ` · was “${r.previousName}”` : ''}
                </span>
                {r.metaError && <span className="field__error">{r.metaError}</span>}
                {(r.status === 'submitted' || r.status === 'pending_review' || r.status === 'deferred') && (
                  <button type="button" className="button button--small" onClick={() => void recheck(r)}>
                    Check status
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="cust-detail__section" aria-label="Delete number">
        <h3>Delete</h3>
        <p className="muted">Disconnects the number from this project in Kapso. It cannot be undone here.</p>
        <button
          type="button"
          className="button button--danger"
          onClick={() => {
            setTyped('')
            setDeleteError(null)
            setDeleteOpen(true)
          }}
        >
          Delete number…
        </button>
      </section>

      <ConfirmDialog
        open={deleteOpen}
        title="Delete this number?"
        confirmLabel="Delete number"
        destructive
        busy={deleting}
        confirmDisabled={!typedMatches(typed, row)}
        onConfirm={() => void remove()}
        onCancel={() => setDeleteOpen(false)}
      >
        <p>
          Kapso will disconnect <strong>{target}</strong> ({row.name}) from this project. Messages to it stop
          reaching this project.
        </p>
        <div className="field">
          <label htmlFor="pn-confirm">
            Type <code>{target}</code> to confirm
          </label>
          <input
            id="pn-confirm"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        {deleteError && (
          <p className="callout callout--error" role="alert" data-testid="delete-error">
            {errorText(deleteError)}
          </p>
        )}
      </ConfirmDialog>
    </>
  )
}
