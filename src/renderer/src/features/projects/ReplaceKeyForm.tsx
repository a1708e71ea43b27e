import { type FormEvent, useState } from 'react'
import type { Project } from '../../../../shared/projects/project'
import { kapso } from '../../bridge'
import { Field } from '../../ui/Field'
import { type KeyChoices, type KeyOutcome, KeyOutcomeBanner, outcomeOf } from './keySubmission'

export function ReplaceKeyForm(props: { project: Project; onDone(): void; onCancel(): void }) {
  const [apiKey, setApiKey] = useState('')
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<KeyOutcome>({ kind: 'idle' })
  const [choices, setChoices] = useState<KeyChoices>({ onUnreachable: 'ask', storage: 'keychain' })

  const submit = async (extra: Partial<KeyChoices> = {}) => {
    const next = { ...choices, ...extra }
    setChoices(next)
    setBusy(true)
    const result = await kapso['projects.setKey']({ id: props.project.id, apiKey, ...next })
    setBusy(false)
    const o = outcomeOf(result)
    if (o.kind === 'saved') {
      setApiKey('')
      props.onDone()
    } else setOutcome(o)
  }
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    void submit({ onUnreachable: 'ask' })
  }
  const id = `replace-key-${props.project.id}`
  return (
    <form className="form form--inline" onSubmit={onSubmit}>
      <Field
        id={id}
        label={`New API key for ${props.project.name}`}
        error={outcome.kind === 'invalid' ? outcome.fields.apiKey?.[0] : undefined}
      >
        <input
          id={id}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
          autoFocus
          required
        />
      </Field>
      <KeyOutcomeBanner outcome={outcome} busy={busy} onChoose={(c) => void submit(c)} />
      <div className="row">
        <button type="submit" className="button button--primary button--small" disabled={busy}>
          {busy ? 'Checking…' : 'Check and save'}
        </button>
        <button type="button" className="button button--small" onClick={props.onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  )
}
