import { useEffect, useState } from 'react'
import type { AppErrorData } from '../../../../shared/ipc/errors'
import { type UnreadableRecord, unreadableText } from '../../../../shared/kapso/unreadable'
import { isDead, type LinkContext, type SetupLinkView } from '../../../../shared/setupLinks/link'
import { setupErrorText, setupStatusWords } from '../../../../shared/setupLinks/messages'
import { kapso } from '../../bridge'
import { dateTime, statusLabel } from './format'
import { LinkCard } from './LinkCard'
import { subscribeToSetupLinks, useSetupLinks } from './useSetupLinks'

/** A customer's links, newest first, with the onboarding progress Kapso reports; one opens into its card. */
export function LinkHistoryList(props: {
  links: SetupLinkView[]
  /** Links Kapso listed that could not be read: one row each, naming the field. */
  unreadable?: UnreadableRecord[]
  openId?: string | null
  onChanged?(): void
}) {
  const [openId, setOpenId] = useState<string | null>(props.openId ?? null)
  const unreadable = props.unreadable ?? []
  if (!props.links.length && !unreadable.length)
    return <p className="muted">No setup link was ever created for this customer.</p>
  return (
    <ul className="link-history" data-testid="link-history">
      {props.links.map((l) => (
        <li
          key={l.id}
          className={isDead(l.effectiveStatus) ? 'link-history__item is-dead' : 'link-history__item'}
          data-testid="link-history-item"
          data-status={l.effectiveStatus}
        >
          <button
            type="button"
            className="link-history__row"
            aria-expanded={openId === l.id}
            onClick={() => setOpenId(openId === l.id ? null : l.id)}
          >
            <span className={`link-status link-status--${l.effectiveStatus}`}>
              {statusLabel[l.effectiveStatus] ?? (l.effectiveStatus || '—')}
            </span>
            <span>created {l.createdAt ? dateTime(l.createdAt) : '—'}</span>
            <span className="muted">
              {l.effectiveStatus === 'active' || l.effectiveStatus === 'expired'
                ? `expires ${dateTime(l.expiresAt)}`
                : ''}
            </span>
            <span className="muted link-history__setup">
              {l.setupStatus ? (setupStatusWords[l.setupStatus] ?? l.setupStatus) : ''}
            </span>
          </button>
          {l.setupError && <p className="field__error link-history__error">{setupErrorText(l.setupError)}</p>}
          {openId === l.id && <LinkCard link={l} compact onChanged={() => props.onChanged?.()} />}
        </li>
      ))}
      {unreadable.map((u) => (
        <li
          key={`unreadable-${u.id ?? ''}-${u.index}`}
          className="link-history__item is-dead"
          data-testid="unreadable-row"
        >
          <p className="link-history__row muted">
            {unreadableText(u)}
            {u.id ? ` (id ${u.id})` : ''}
          </p>
        </li>
      ))}
    </ul>
  )
}

/** Mountable anywhere a customer is shown (the customers detail does): loads and refreshes itself. */
export function SetupLinkHistory(props: { customerId: string }) {
  const [context, setContext] = useState<LinkContext | null>(null)
  const [error, setError] = useState<AppErrorData | null>(null)
  const version = useSetupLinks((s) => s.version)
  useEffect(() => subscribeToSetupLinks(), [])
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the reload signal
  useEffect(() => {
    let live = true
    void kapso['setupLinks.context']({ customerId: props.customerId }).then((r) => {
      if (!live) return
      if (r.ok) setContext(r.data)
      else setError(r.error)
    })
    return () => {
      live = false
    }
  }, [props.customerId, version])
  if (error && !context) return <p className="field__error">{error.message}</p>
  if (!context) return <div className="skeleton link-history__skeleton" />
  return <LinkHistoryList links={context.links} unreadable={context.unreadable} />
}
