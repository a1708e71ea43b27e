import { useEffect, useState } from 'react'
import { type LinkCustomer, SetupLinkDialog } from './SetupLinkDialog'
import { subscribeToSetupLinks } from './useSetupLinks'

/** True while the person is typing or a dialog is open: single-key shortcuts stay out of the way. */
export function shortcutBlocked(e: KeyboardEvent): boolean {
  const t = e.target
  const typing =
    t instanceof HTMLElement && (/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || t.isContentEditable)
  return typing || e.ctrlKey || e.metaKey || e.altKey || !!document.querySelector('dialog[open]')
}

export const NEW_LINK_SHORTCUT = 'l'

/**
 * "New setup link" for a customer: a button, the dialog it opens, and the `L`
 * shortcut while it is on screen (pass `shortcut={false}` where several are).
 */
export function NewSetupLinkButton(props: {
  customer: LinkCustomer | null
  shortcut?: boolean
  className?: string
  label?: string
}) {
  const [open, setOpen] = useState(false)
  const { customer } = props
  useEffect(() => subscribeToSetupLinks(), [])
  useEffect(() => {
    if (props.shortcut === false || !customer) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== NEW_LINK_SHORTCUT || e.shiftKey || shortcutBlocked(e)) return
      e.preventDefault()
      setOpen(true)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [props.shortcut, customer])
  return (
    <>
      <button
        type="button"
        className={props.className ?? 'button button--small button--primary'}
        onClick={() => setOpen(true)}
        disabled={!customer}
        title="New setup link (L)"
        aria-keyshortcuts="L"
      >
        {props.label ?? 'New setup link'}
      </button>
      {/* Mounted only while open: a closed dialog would still put its labels (and ids) in the page. */}
      {customer && open && <SetupLinkDialog customer={customer} open onClose={() => setOpen(false)} />}
    </>
  )
}
