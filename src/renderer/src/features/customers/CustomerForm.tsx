import { useEffect, useRef, useState } from 'react'
import { fieldsFromZodIssues } from '../../../../shared/ipc/errors'
import { CustomerCreateInputSchema } from '../../../../shared/kapso/customer'
import { kapso } from '../../bridge'
import { useNotices } from '../../stores/notices'
import { Field } from '../../ui/Field'

export interface CustomerFormTarget {
  /** null: create a new customer. */
  id: string | null
  name: string
  externalCustomerId: string | null
  /** Fixing a write Kapso rejected: the corrected fields go back into that write. */
  retrySeq?: number
  /** Kapso's reasons from the rejected write, shown on the fields at once. */
  fields?: Record<string, string[]>
}

/**
 * Create / edit in a modal dialog. Fields are checked with the contract's zod
 * schema before sending; Kapso's 422 messages come back keyed by field
 * (`customer.name`) and are shown under the field they are about.
 */
export function CustomerForm(props: { target: CustomerFormTarget | null; onClose(saved?: string): void }) {
  const ref = useRef<HTMLDialogElement>(null)
  const [name, setName] = useState('')
  const [external, setExternal] = useState('')
  const [errors, setErrors] = useState<Record<string, string[]>>({})
  const [busy, setBusy] = useState(false)
  const push = useNotices((s) => s.push)
  const target = props.target

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (target) {
      setName(target.name)
      setExternal(target.externalCustomerId ?? '')
      setErrors(target.fields ?? {})
      if (!dialog.open) dialog.showModal()
    } else if (dialog.open) dialog.close()
  }, [target])

  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    if (!target) return
    const customer = { name, external_customer_id: external.trim() === '' ? null : external }
    const checked = CustomerCreateInputSchema.safeParse(customer)
    if (!checked.success) {
      const fields = fieldsFromZodIssues(checked.error.issues)
      setErrors(Object.fromEntries(Object.entries(fields).map(([k, v]) => [`customer.${k}`, v])))
      return
    }
    setBusy(true)
    const result =
      target.retrySeq !== undefined
        ? await kapso['customers.retryWrite']({ seq: target.retrySeq, payload: checked.data })
        : target.id
          ? await kapso['customers.update']({ id: target.id, customer: checked.data })
          : await kapso['customers.create']({ customer: checked.data })
    setBusy(false)
    if (!result.ok) {
      setErrors(result.error.fields ?? { '(input)': [result.error.message] })
      return
    }
    const queued =
      target.retrySeq !== undefined || ('outcome' in result.data && result.data.outcome === 'queued')
    push(
      queued
        ? {
            level: 'info',
            title: `“${checked.data.name.trim()}” saved here`,
            detail: 'Kapso is not reachable right now; the change is sent as soon as it is.',
          }
        : {
            level: 'success',
            title: target.id
              ? `“${checked.data.name.trim()}” updated`
              : `“${checked.data.name.trim()}” created`,
          },
    )
    const id = 'outcome' in result.data ? (result.data.customer?.id ?? target.id) : target.id
    props.onClose(id ?? undefined)
  }

  const error = (key: string) => errors[`customer.${key}`]?.join(' ')
  const general = errors['(input)']?.join(' ')
  const title =
    target?.retrySeq !== undefined ? 'Fix and send again' : target?.id ? 'Edit customer' : 'New customer'
  return (
    <dialog
      ref={ref}
      className="dialog cust-form"
      onCancel={() => props.onClose()}
      aria-labelledby="cust-form-title"
    >
      <form onSubmit={submit} noValidate>
        <h2 id="cust-form-title">{title}</h2>
        <div className="dialog__body form">
          <Field
            id="cust-name"
            label="Name"
            error={error('name')}
            hint="The tenant's business name, as your staff know it."
          >
            <input
              id="cust-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={!!error('name')}
              aria-describedby={error('name') ? 'cust-name-error' : undefined}
              autoFocus
              maxLength={200}
            />
          </Field>
          <Field
            id="cust-external"
            label="External customer ID (optional)"
            error={error('external_customer_id')}
            hint="Your own system's id for this tenant; it also prevents duplicates when a request is retried."
          >
            <input
              id="cust-external"
              value={external}
              onChange={(e) => setExternal(e.target.value)}
              aria-invalid={!!error('external_customer_id')}
              maxLength={200}
            />
          </Field>
          {general && (
            <p className="callout callout--error" role="alert">
              {general}
            </p>
          )}
        </div>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={() => props.onClose()}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Saving…' : target?.id || target?.retrySeq !== undefined ? 'Save' : 'Create customer'}
          </button>
        </div>
      </form>
    </dialog>
  )
}
