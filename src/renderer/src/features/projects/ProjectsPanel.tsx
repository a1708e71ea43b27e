import { useState } from 'react'
import type { AppErrorData } from '../../../../shared/ipc/errors'
import type { Project } from '../../../../shared/projects/project'
import { kapso } from '../../bridge'
import { useNotices } from '../../stores/notices'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { AddProjectForm } from './AddProjectForm'
import { EditProjectForm } from './EditProjectForm'
import { EnvBadge } from './EnvBadge'
import { ReplaceKeyForm } from './ReplaceKeyForm'
import { useProjects } from './useProjects'

type Pending = { kind: 'remove-key' | 'remove-project'; project: Project } | null

const keyLabel = (p: Project) =>
  p.builtIn
    ? 'built-in sandbox key'
    : p.key.storage === 'none'
      ? 'no key'
      : `${p.key.mask} · ${p.key.storage === 'keychain' ? 'in the keychain' : 'this session only'}`

export function ProjectsPanel() {
  const list = useProjects((s) => s.list)
  const activate = useProjects((s) => s.activate)
  const push = useNotices((s) => s.push)
  const [adding, setAdding] = useState(false)
  const [replacing, setReplacing] = useState<string | null>(null)
  const [editing, setEditing] = useState<string | null>(null)
  const [pending, setPending] = useState<Pending>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<AppErrorData | null>(null)

  const confirm = async () => {
    if (!pending) return
    setBusy(true)
    const result =
      pending.kind === 'remove-key'
        ? await kapso['projects.removeKey']({ id: pending.project.id })
        : await kapso['projects.remove']({ id: pending.project.id })
    setBusy(false)
    setPending(null)
    if (!result.ok) setError(result.error)
    else
      push({
        level: 'success',
        title: pending.kind === 'remove-key' ? 'Key removed' : `Removed "${pending.project.name}"`,
      })
  }

  return (
    <section className="panel" aria-labelledby="projects-title" data-testid="projects-panel">
      <header className="panel__header">
        <h2 id="projects-title">Projects</h2>
        {!adding && (
          <button
            type="button"
            className="button button--small button--primary"
            onClick={() => setAdding(true)}
          >
            Add project
          </button>
        )}
      </header>
      {error && (
        <p className="callout callout--error" role="alert">
          {error.message}
        </p>
      )}
      {adding && (
        <AddProjectForm
          onCancel={() => setAdding(false)}
          onDone={() => {
            setAdding(false)
            push({ level: 'success', title: 'Project added', detail: 'It is now the active project.' })
          }}
        />
      )}
      <ul className="project-list">
        {list?.projects.map((p) => (
          <li
            key={p.id}
            className={p.id === list.activeId ? 'project-row is-active' : 'project-row'}
            data-testid={`project-${p.name}`}
          >
            <div className="project-row__main">
              <EnvBadge environment={p.environment} />
              <strong>{p.name}</strong>
              {p.id === list.activeId && <span className="pill">active</span>}
              <span className="muted project-row__host">{p.baseUrl}</span>
              <span className="muted" data-testid="key-mask">
                {keyLabel(p)}
              </span>
            </div>
            <div className="row">
              {p.id !== list.activeId && (
                <button type="button" className="button button--small" onClick={() => void activate(p.id)}>
                  Use
                </button>
              )}
              {!p.builtIn && (
                <>
                  <button type="button" className="button button--small" onClick={() => setEditing(p.id)}>
                    Edit
                  </button>
                  <button type="button" className="button button--small" onClick={() => setReplacing(p.id)}>
                    {p.key.storage === 'none' ? 'Add key' : 'Replace key'}
                  </button>
                  {p.key.storage !== 'none' && (
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => setPending({ kind: 'remove-key', project: p })}
                    >
                      Remove key
                    </button>
                  )}
                  <button
                    type="button"
                    className="button button--small button--danger-quiet"
                    onClick={() => setPending({ kind: 'remove-project', project: p })}
                  >
                    Remove project
                  </button>
                </>
              )}
            </div>
            {editing === p.id && (
              <EditProjectForm
                project={p}
                onCancel={() => setEditing(null)}
                onDone={() => {
                  setEditing(null)
                  push({ level: 'success', title: 'Project saved' })
                }}
              />
            )}
            {replacing === p.id && (
              <ReplaceKeyForm
                project={p}
                onCancel={() => setReplacing(null)}
                onDone={() => {
                  setReplacing(null)
                  push({ level: 'success', title: `New key saved for "${p.name}"` })
                }}
              />
            )}
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={pending !== null}
        title={
          pending?.kind === 'remove-key'
            ? `Remove the API key of "${pending.project.name}"?`
            : `Remove "${pending?.project.name}"?`
        }
        confirmLabel={pending?.kind === 'remove-key' ? 'Remove key' : 'Remove project'}
        destructive
        busy={busy}
        onCancel={() => setPending(null)}
        onConfirm={() => void confirm()}
      >
        {pending?.kind === 'remove-key' ? (
          <p>
            The key is deleted from the keychain. The console cannot reach this project until you add a key
            again.
          </p>
        ) : (
          <p>
            The project, its key in the keychain and its cached data on this computer are removed. Nothing
            changes in Kapso.
          </p>
        )}
      </ConfirmDialog>
    </section>
  )
}
