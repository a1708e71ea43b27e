import { useEffect, useRef, useState } from 'react'
import type { AppErrorData } from '../../../../shared/ipc/errors'
import type { LinkContext, QueuedLink, SetupLinkView } from '../../../../shared/setupLinks/link'
import type { SetupLinkOptions } from '../../../../shared/setupLinks/options'
import { kapso } from '../../bridge'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { CatchRedirectsToggle } from '../connections/CatchRedirectsToggle'
import { dateTime } from './format'
import { LinkCard } from './LinkCard'
import { SetupLinkForm } from './SetupLinkForm'
import { LinkHistoryList } from './SetupLinkHistory'
import { useSetupLinks } from './useSetupLinks'

export interface LinkCustomer {
  id: string
  name: string
}

/**
 * "New setup link" for one customer: the form, the revoke question when an
 * active link exists, then the result card and the customer's history.
 */
export function SetupLinkDialog(props: { customer: LinkCustomer; open: boolean; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null)
  const [context, setContext] = useState<LinkContext | null>(null)
  const [error, setError] = useState<AppErrorData | null>(null)
  const [phase, setPhase] = useState<'form' | 'result'>('form')
  const [created, setCreated] = useState<SetupLinkView | null>(null)
  const [queued, setQueued] = useState<QueuedLink | null>(null)
  const [pending, setPending] = useState<SetupLinkOptions | null>(null)
  const [busy, setBusy] = useState(false)
  const [serverFields, setServerFields] = useState<Record<string, string[]>>({})
  const [formKey, setFormKey] = useState(0)
  const [catchRedirects, setCatchRedirects] = useState(false)
  const loadPresets = useSetupLinks((s) => s.loadPresets)

  const load = async () => {
    const result = await kapso['setupLinks.context']({ customerId: props.customer.id })
    if (result.ok) {
      setContext(result.data)
      setError(null)
      if (created) setCreated(result.data.links.find((l) => l.id === created.id) ?? created)
    } else setError(result.error)
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when (re)opened for a customer
  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (props.open) {
      if (!dialog.open) dialog.showModal()
      setPhase('form')
      setCreated(null)
      setQueued(null)
      setServerFields({})
      setFormKey((k) => k + 1)
      setContext(null)
      void loadPresets().then(() => setFormKey((k) => k + 1))
      void load()
    } else if (dialog.open) dialog.close()
  }, [props.open, props.customer.id])

  const active = context?.links.find((l) => l.effectiveStatus === 'active') ?? null

  const create = async (options: SetupLinkOptions, confirmRevoke: boolean) => {
    setBusy(true)
    setServerFields({})
    const result = await kapso['setupLinks.create']({
      customerId: props.customer.id,
      options,
      confirmRevoke,
      catchRedirects,
    })
    setBusy(false)
    setPending(null)
    if (!result.ok) {
      setServerFields(result.error.fields ?? {})
      setError(result.error)
      return
    }
    setError(null)
    if (result.data.outcome === 'created') setCreated(result.data.link)
    else setQueued(result.data.queued)
    setPhase('result')
    void load()
  }

  const submit = (options: SetupLinkOptions) => {
    if (active) setPending(options)
    else void create(options, false)
  }

  return (
    <dialog
      ref={ref}
      className="dialog setup-dialog"
      aria-labelledby="setup-dialog-title"
      onCancel={(e) => {
        e.preventDefault()
        props.onClose()
      }}
      data-testid="setup-link-dialog"
    >
      <header className="setup-dialog__head">
        <div>
          <h2 id="setup-dialog-title">
            {phase === 'form' ? 'New setup link' : queued ? 'Setup link queued' : 'Setup link ready'} for{' '}
            {props.customer.name}
          </h2>
          {context && (
            <p className="muted" data-testid="customer-numbers">
              {context.numbers.length
                ? `Numbers: ${context.numbers.map((n) => n.display).join(', ')}`
                : 'No WhatsApp number connected yet.'}
            </p>
          )}
        </div>
        <div className="row">
          <button type="button" className="button button--small" onClick={() => void load()}>
            Refresh
          </button>
          <button type="button" className="button button--small" aria-label="Close" onClick={props.onClose}>
            ✕
          </button>
        </div>
      </header>
      {context && !context.online && (
        <p className="callout callout--warning" role="status">
          Kapso cannot be reached: these are the links saved on this computer. A new link will be queued and
          created as soon as the network returns, and you will be told when its URL is there.
        </p>
      )}
      {error && phase === 'form' && (
        <p className="callout callout--error" role="alert">
          {error.message}
        </p>
      )}
      {props.open && phase === 'form' && context && (
        <CatchRedirectsToggle checked={catchRedirects} onChange={setCatchRedirects} />
      )}
      {props.open && phase === 'form' && context && (
        <SetupLinkForm
          key={formKey}
          context={context}
          busy={busy}
          serverFields={serverFields}
          onSubmit={submit}
          onCancel={props.onClose}
        />
      )}
      {props.open && phase === 'form' && !context && !error && (
        <div className="skeleton setup-dialog__skeleton" />
      )}
      {phase === 'result' && created && (
        <div data-testid="link-result">
          <LinkCard
            link={created}
            onChanged={(l) => {
              setCreated(l)
              void load()
            }}
          />
        </div>
      )}
      {phase === 'result' && queued && (
        <div className="callout callout--warning" data-testid="queued-notice">
          <strong>Queued: Kapso cannot be reached right now.</strong>
          <p>
            The link will be created when the network returns (saved {dateTime(queued.createdAt)}). Its URL
            and QR code appear here and in Setup links, and you will get a notice.
          </p>
        </div>
      )}
      {phase === 'result' && (
        <div className="dialog__actions">
          <button type="button" className="button" onClick={() => setPhase('form')}>
            Another link…
          </button>
          <button type="button" className="button button--primary" onClick={props.onClose}>
            Done
          </button>
        </div>
      )}
      {context && (
        <section className="setup-dialog__history">
          <h3>History</h3>
          {context.queued.length > 0 && (
            <p className="muted">
              {context.queued.length} link(s) waiting to be created when Kapso is reachable.
            </p>
          )}
          <LinkHistoryList
            key={created?.id ?? 'none'}
            links={context.links.filter((l) => l.id !== created?.id)}
            unreadable={context.unreadable}
            onChanged={() => void load()}
          />
        </section>
      )}
      {pending !== null && (
        <ConfirmDialog
          open
          title="Replace the active link?"
          confirmLabel="Create and revoke the old link"
          busy={busy}
          onConfirm={() => pending && void create(pending, true)}
          onCancel={() => setPending(null)}
        >
          <p>
            {props.customer.name} already has an active setup link
            {active && (
              <>
                {' '}
                (created {dateTime(active.createdAt)}, expires {dateTime(active.expiresAt)})
              </>
            )}
            . Creating a new one <strong>revokes it</strong>: anyone who opens the old link is told it no
            longer works.
          </p>
        </ConfirmDialog>
      )}
    </dialog>
  )
}
