import { type FormEvent, useState } from 'react'
import { DEFAULT_BASE_URL } from '../../../../shared/projects/project'
import { kapso } from '../../bridge'
import { Field } from '../../ui/Field'
import { type KeyChoices, type KeyOutcome, KeyOutcomeBanner, outcomeOf } from './keySubmission'

/** Name, host, environment and a key pasted once into a masked field; main checks the key before saving. */
export function AddProjectForm(props: { onDone(): void; onCancel(): void }) {
  const [name, setName] = useState('')
  const [baseUrl, setBaseUrl] = useState(DEFAULT_BASE_URL)
  const [environment, setEnvironment] = useState<'production' | 'staging'>('production')
  const [apiKey, setApiKey] = useState('')
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<KeyOutcome>({ kind: 'idle' })
  const [choices, setChoices] = useState<KeyChoices>({ onUnreachable: 'ask', storage: 'keychain' })

  const submit = async (extra: Partial<KeyChoices> = {}) => {
    const next = { ...choices, ...extra }
    setChoices(next)
    setBusy(true)
    const result = await kapso['projects.create']({ name, baseUrl, environment, apiKey, ...next })
    setBusy(false)
    const o = outcomeOf(result)
    if (o.kind === 'saved') {
      // The key leaves the page's memory as soon as main has it.
      setApiKey('')
      props.onDone()
      return
    }
    setOutcome(o)
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    void submit({ onUnreachable: 'ask' })
  }
  const fieldError = (key: string) => (outcome.kind === 'invalid' ? outcome.fields[key]?.[0] : undefined)

  return (
    <form
      className="panel form"
      onSubmit={onSubmit}
      aria-labelledby="add-project-title"
      data-testid="add-project"
    >
      <h3 id="add-project-title">Add a project</h3>
      <Field id="project-name" label="Name" error={fieldError('name')}>
        <input
          id="project-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Acme production"
          autoFocus
          required
        />
      </Field>
      <Field
        id="project-host"
        label="API host"
        error={fieldError('baseUrl')}
        hint="The Platform API is reached under /platform/v1 on this host."
      >
        <input
          id="project-host"
          value={baseUrl}
          onChange={(e) => setBaseUrl(e.target.value)}
          spellCheck={false}
        />
      </Field>
      <fieldset className="segmented" aria-label="Environment">
        {(['production', 'staging'] as const).map((env) => (
          <label key={env} className={environment === env ? 'segmented__item is-active' : 'segmented__item'}>
            <input
              type="radio"
              name="environment"
              value={env}
              checked={environment === env}
              onChange={() => setEnvironment(env)}
            />
            <span className={`env-dot env-dot--${env}`} aria-hidden="true" /> {env}
          </label>
        ))}
      </fieldset>
      <Field
        id="project-key"
        label="API key"
        error={fieldError('apiKey')}
        hint="Stored in your system keychain. The console only shows its last four characters afterwards."
      >
        <input
          id="project-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
          required
        />
      </Field>
      {outcome.kind === 'invalid' &&
        !Object.keys(outcome.fields).some((k) => ['name', 'baseUrl', 'apiKey'].includes(k)) && (
          <p className="callout callout--error">{outcome.message}</p>
        )}
      <KeyOutcomeBanner outcome={outcome} busy={busy} onChoose={(c) => void submit(c)} />
      <div className="row">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Checking the key with Kapso…' : 'Check key and add'}
        </button>
        <button type="button" className="button" onClick={props.onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  )
}
