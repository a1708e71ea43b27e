import { useState } from 'react'

/** A copy button that names what it copies ("Copy as curl"), then says "Copied" for a moment. */
export function CopyAction(props: { text: string; label: string; testId?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.text)
      setState('copied')
    } catch {
      setState('failed')
    }
    setTimeout(() => setState('idle'), 1500)
  }
  return (
    <button
      type="button"
      className="button button--small"
      onClick={copy}
      aria-label={props.label}
      data-testid={props.testId}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : props.label}
    </button>
  )
}
