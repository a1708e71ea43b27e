import { type FormEvent, useState } from 'react'
import type { HostChange, Project } from '../../../../shared/projects/project'
import { kapso } from '../../bridge'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { Field } from '../../ui/Field'
import { type KeyChoices, type KeyOutcome, KeyOutcomeBanner, outcomeOf } from './keySubmission'

const originOf = (value: string): string | null => {
  try {
    return new URL(value.trim()).origin
  } catch {
    return null
  }
}
const hostOf = (origin: string) => new URL(origin).host

/**
 * Name, host and environment of a project. A new host for a project with a
 * key is confirmed first, naming both hosts: the stored key is checked
 * against the new host before any call sends it there, or the key is entered
 * again. Main refuses the move without that confirmation, whatever the page does.
 */
export function EditProjectForm(props: { project: Project; onDone(): void; onCancel(): void }) {
  const { project } = props
  const [name, setName] = useState(project.name)
  const [baseUrl, setBaseUrl] = useState(project.baseUrl)
  const [environment, setEnvironment] = useState<'production' | 'staging'>(
    project.environment === 'staging' ? 'staging' : 'production',
  )
  const [confirming, setConfirming] = useState(false)
  const [keyMode, setKeyMode] = useState<'check' | 'again'>('check')
  const [apiKey, setApiKey] = useState('')
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<KeyOutcome>({ kind: 'idle' })
  const [choices, setChoices] = useState<KeyChoices>({ onUnreachable: 'ask', storage: 'keychain' })
  /** Set once the person confirmed the move; follow-up choices (save anyway, session only) reuse it. */
  const [confirmedHost, setConfirmedHost] = useState<string | null>(null)

  const newOrigin = originOf(baseUrl)
  const moves = newOrigin !== null && newOrigin !== project.baseUrl
  const hasKey = project.key.storage !== 'none'

  const save = async (confirmed: string | null, extra: Partial<KeyChoices> = {}) => {
    const next = { ...choices, ...extra }
    setChoices(next)
    setBusy(true)
    const hostChange: HostChange | undefined = confirmed
      ? { confirmedBaseUrl: confirmed, ...next, ...(keyMode === 'again' ? { apiKey } : {}) }
      : undefined
    const result = await kapso['projects.update']({
      id: project.id,
      name,
      baseUrl,
      environment,
      ...(hostChange ? { hostChange } : {}),
    })
    setBusy(false)
    setConfirming(false)
    const o = outcomeOf(result)
    if (o.kind === 'saved') {
      setApiKey('')
      props.onDone()
    } else setOutcome(o)
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setOutcome({ kind: 'idle' })
    if (moves && hasKey && newOrigin) {
      setConfirming(true)
      return
    }
    void save(null)
  }
  const fieldError = (key: string) => (outcome.kind === 'invalid' ? outcome.fields[key]?.[0] : undefined)
  const id = `edit-project-${project.id}`
  const fromHost = hostOf(project.baseUrl)
  const toHost = newOrigin ? hostOf(newOrigin) : ''

  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby={`${id}-title`} data-testid="edit-project">
      <h3 id={`${id}-title`}>Edit “{project.name}”</h3>
      <Field id={`${id}-name`} label="Name" error={fieldError('name')}>
        <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} required autoFocus />
      </Field>
      <Field
        id={`${id}-host`}
        label="API host"
        error={fieldError('baseUrl')}
        hint={
          hasKey ? 'A new host is confirmed first: the key is checked there before it is used.' : undefined
        }
      >
        <input
          id={`${id}-host`}
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
              name={`${id}-environment`}
              value={env}
              checked={environment === env}
              onChange={() => setEnvironment(env)}
            />
            <span className={`env-dot env-dot--${env}`} aria-hidden="true" /> {env}
          </label>
        ))}
      </fieldset>
      {outcome.kind === 'invalid' &&
        !Object.keys(outcome.fields).some((k) => ['name', 'baseUrl'].includes(k)) && (
          <p className="callout callout--error">{outcome.message}</p>
        )}
      <KeyOutcomeBanner outcome={outcome} busy={busy} onChoose={(c) => void save(confirmedHost, c)} />
      <div className="row">
        <button type="submit" className="button button--primary button--small" disabled={busy}>
          {busy ? 'Saving…' : 'Save changes'}
        </button>
        <button type="button" className="button button--small" onClick={props.onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={`Move “${project.name}” to ${toHost}?`}
        confirmLabel={keyMode === 'again' ? 'Check the new key and move' : 'Check the stored key and move'}
        busy={busy}
        confirmDisabled={keyMode === 'again' && apiKey.trim().length === 0}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirmedHost(newOrigin)
          void save(newOrigin, { onUnreachable: 'ask' })
        }}
      >
        <p data-testid="move-hosts">
          From <strong>{fromHost}</strong> to <strong>{toHost}</strong>. From now on every call of this
          project sends its API key to {toHost}.
        </p>
        <fieldset className="choice-list" aria-label="The key for the new host">
          <label>
            <input
              type="radio"
              name={`${id}-key-mode`}
              checked={keyMode === 'check'}
              onChange={() => setKeyMode('check')}
            />{' '}
            The stored key ({project.key.mask}) will be checked against {toHost} first. If it is refused,
            nothing changes.
          </label>
          <label>
            <input
              type="radio"
              name={`${id}-key-mode`}
              checked={keyMode === 'again'}
              onChange={() => setKeyMode('again')}
            />{' '}
            Enter the key for {toHost} again
          </label>
        </fieldset>
        {keyMode === 'again' && (
          <Field id={`${id}-key`} label={`API key for ${toHost}`}>
            <input
              id={`${id}-key`}
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={apiKey}
              onChange={(e) => setApiKey(e.target.value)}
            />
          </Field>
        )}
      </ConfirmDialog>
    </form>
  )
}
