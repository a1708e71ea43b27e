import { useEffect, useState } from 'react'
import { isDead, type QrImage, type SetupLinkView } from '../../../../shared/setupLinks/link'
import {
  setupErrorText,
  setupStatusWords,
  shareMessage,
  statusWords,
} from '../../../../shared/setupLinks/messages'
import { kapso } from '../../bridge'
import { useNotices } from '../../stores/notices'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { ConfirmingMark } from '../connections/useWatching'
import { countdown, dateTime, statusLabel, toLocalInput, useNow } from './format'
import { printInPage } from './PrintSheets'
import { copyPngInPage, downloadInPage } from './pageFiles'

type Feedback = Record<string, 'done' | 'failed' | undefined>

/**
 * One link, ready to hand over: the URL in large text, the QR drawn by main,
 * copy/save/print, the expiry with a live countdown and the status. A link that
 * can no longer be used is visibly dead: its QR greyed and labelled.
 */
export function LinkCard(props: {
  link: SetupLinkView
  onChanged?(link: SetupLinkView): void
  compact?: boolean
}) {
  const { link } = props
  const now = useNow(1000)
  const status =
    link.status === 'active' && link.expiresAt && Date.parse(link.expiresAt) <= now
      ? 'expired'
      : link.effectiveStatus
  const dead = isDead(status)
  const [qr, setQr] = useState<QrImage | null>(null)
  const [feedback, setFeedback] = useState<Feedback>({})
  const [confirm, setConfirm] = useState<null | 'revoke' | 'expiry'>(null)
  const [expiry, setExpiry] = useState(() =>
    toLocalInput(link.expiresAt ?? new Date(now + 30 * 86_400_000).toISOString()),
  )
  const [busy, setBusy] = useState(false)
  const notify = useNotices((s) => s.push)

  useEffect(() => {
    let live = true
    void kapso['setupLinks.qr']({ linkId: link.id }).then((r) => {
      if (live && r.ok) setQr(r.data)
    })
    return () => {
      live = false
    }
  }, [link.id])

  const flash = (key: string, ok: boolean) => {
    setFeedback((f) => ({ ...f, [key]: ok ? 'done' : 'failed' }))
    setTimeout(() => setFeedback((f) => ({ ...f, [key]: undefined })), 1600)
  }
  const label = (key: string, idle: string, done = 'Copied') =>
    feedback[key] === 'done' ? done : feedback[key] === 'failed' ? 'Failed' : idle

  const copyText = async (key: string, text: string) => {
    try {
      await navigator.clipboard.writeText(text)
      flash(key, true)
      // "Did we ever send it?": the copy goes on the customer's onboarding timeline.
      if (key === 'url' || key === 'message')
        void kapso['connections.recordShared']({
          setupLinkId: link.id,
          way: key === 'url' ? 'copied' : 'message_copied',
        })
    } catch {
      flash(key, false)
    }
  }

  const copyImage = async () => {
    const result = await kapso['setupLinks.copyImage']({ linkId: link.id })
    if (!result.ok) return flash('image', false)
    try {
      if (result.data.outcome === 'page') await copyPngInPage(result.data.file.dataUrl)
      flash('image', true)
    } catch {
      flash('image', false)
    }
  }

  const save = async (format: 'png' | 'svg') => {
    const result = await kapso['setupLinks.saveImage']({ linkId: link.id, format })
    if (!result.ok)
      return notify({ level: 'error', title: 'Could not save the QR code', detail: result.error.message })
    if (result.data.outcome === 'page') downloadInPage(result.data.file)
    if (result.data.outcome !== 'cancelled') flash(format, true)
  }

  const print = async (as: 'print' | 'pdf') => {
    const result = await kapso['setupLinks.print']({ linkIds: [link.id], as })
    if (!result.ok)
      return notify({ level: 'error', title: 'Could not print the sheet', detail: result.error.message })
    // The web preview has no printer of its own: the browser's print dialog (which also saves PDFs) does it.
    if (result.data.outcome === 'page') await printInPage([link])
    else if (result.data.outcome === 'done' && result.data.path)
      notify({ level: 'success', title: 'Saved the sheet as PDF', detail: result.data.path })
  }

  const apply = async () => {
    setBusy(true)
    const result =
      confirm === 'revoke'
        ? await kapso['setupLinks.revoke']({ linkId: link.id })
        : await kapso['setupLinks.setExpiry']({ linkId: link.id, expiresAt: new Date(expiry).toISOString() })
    setBusy(false)
    setConfirm(null)
    if (!result.ok)
      return notify({
        level: 'error',
        title: 'Kapso did not accept the change',
        detail: result.error.message,
      })
    props.onChanged?.(result.data)
  }

  const web = kapso.transport === 'web-preview'
  return (
    <article
      className={`link-card${dead ? ' link-card--dead' : ''}`}
      data-testid="link-card"
      data-status={status}
    >
      <div className="link-card__qr">
        {qr ? (
          <img src={qr.png} alt={`QR code for ${link.url}`} data-testid="link-qr" width={220} height={220} />
        ) : (
          <div className="skeleton link-card__qr-skeleton" />
        )}
        {dead && (
          <span className="link-card__stamp" data-testid="dead-label">
            {statusLabel[status]} — do not send
          </span>
        )}
      </div>
      <div className="link-card__main">
        <div className="link-card__status-row">
          <span
            className={`link-status link-status--${status}`}
            data-testid="link-status"
            title={statusWords[status]}
          >
            {statusLabel[status] ?? (status || '—')}
          </span>
          <span className="muted">for {link.customerName}</span>
          {status === 'active' && <ConfirmingMark customerId={link.customerId} />}
        </div>
        <p className="link-card__url" data-testid="link-url">
          {link.url}
        </p>
        {dead && (
          <p className="link-card__dead-note">
            This link can no longer be used: sharing is off. Create a new link for {link.customerName}.
          </p>
        )}
        <div className="row link-card__actions">
          <button
            type="button"
            className="button button--primary"
            onClick={() => void copyText('url', link.url)}
          >
            {label('url', 'Copy link')}
          </button>
          <button type="button" className="button" onClick={() => void copyImage()} disabled={!qr || dead}>
            {label('image', 'Copy image')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => void copyText('message', shareMessage(link))}
          >
            {label('message', 'Copy message')}
          </button>
          <button type="button" className="button" onClick={() => void save('png')} disabled={!qr || dead}>
            {label('png', 'Save PNG', 'Saved')}
          </button>
          <button type="button" className="button" onClick={() => void save('svg')} disabled={!qr || dead}>
            {label('svg', 'Save SVG', 'Saved')}
          </button>
          <button type="button" className="button" onClick={() => void print('print')} disabled={dead}>
            {web ? 'Print (browser)' : 'Print…'}
          </button>
          {!web && (
            <button type="button" className="button" onClick={() => void print('pdf')} disabled={dead}>
              Save PDF…
            </button>
          )}
        </div>
        <dl className="facts link-card__facts">
          <dt>Expires</dt>
          <dd>
            {dateTime(link.expiresAt)}{' '}
            <span className={dead ? 'muted' : 'link-card__countdown'} data-testid="link-countdown">
              (
              {status === 'used' || status === 'revoked'
                ? statusLabel[status]?.toLowerCase()
                : countdown(link.expiresAt, now)}
              )
            </span>
          </dd>
          <dt>Onboarding</dt>
          <dd data-testid="link-setup-status">
            {link.setupStatus ? (setupStatusWords[link.setupStatus] ?? link.setupStatus) : 'Not reported'}
            {link.setupError && <div className="field__error">{setupErrorText(link.setupError)}</div>}
          </dd>
          {!props.compact && (
            <>
              <dt>Language</dt>
              <dd>{link.language ?? 'auto (browser)'}</dd>
              <dt>Connection</dt>
              <dd>
                {link.allowedConnectionTypes.join(' or ') || 'any'}
                {link.reconnectPhoneNumber && ` · reconnects +${link.reconnectPhoneNumber}`}
                {link.provisionPhoneNumber && ' · provisions a new number'}
                {link.provisionedNumber && ` · provisioned ${link.provisionedNumber}`}
              </dd>
              <dt>Billing</dt>
              <dd>{link.metaBillingMode ?? '—'}</dd>
              <dt>Created</dt>
              <dd>{link.createdAt ? dateTime(link.createdAt) : '—'}</dd>
            </>
          )}
        </dl>
        {(status === 'active' || status === 'expired') && (
          <div className="row link-card__manage">
            <label className="link-card__expiry">
              <span className="sr-only">New expiry</span>
              <input
                type="datetime-local"
                value={expiry}
                onChange={(e) => setExpiry(e.target.value)}
                aria-label="New expiry"
              />
            </label>
            <button
              type="button"
              className="button button--small"
              onClick={() => setConfirm('expiry')}
              disabled={!expiry}
            >
              Change expiry…
            </button>
            {status === 'active' && (
              <button
                type="button"
                className="button button--small button--danger-quiet"
                onClick={() => setConfirm('revoke')}
              >
                Revoke…
              </button>
            )}
          </div>
        )}
      </div>
      {/* Mounted only while asking, so a closed confirmation holds no focus trap or stale text. */}
      {confirm !== null && (
        <ConfirmDialog
          open
          title={confirm === 'revoke' ? 'Revoke this setup link?' : 'Change the expiry?'}
          confirmLabel={confirm === 'revoke' ? 'Revoke link' : 'Change expiry'}
          destructive={confirm === 'revoke'}
          busy={busy}
          onConfirm={() => void apply()}
          onCancel={() => setConfirm(null)}
        >
          {confirm === 'revoke' ? (
            <p>
              {link.customerName} will no longer be able to use this link. Anyone who opens it sees that it
              was revoked.
            </p>
          ) : (
            <p>
              The link will expire on{' '}
              <strong>{expiry ? dateTime(new Date(expiry).toISOString()) : '—'}</strong>
              {link.expiresAt && <> instead of {dateTime(link.expiresAt)}</>}.
            </p>
          )}
        </ConfirmDialog>
      )}
    </article>
  )
}
