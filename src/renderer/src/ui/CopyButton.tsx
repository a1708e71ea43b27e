import { useState } from 'react'

/** Copies text with the page clipboard (allowed for a user gesture); says so for a moment. */
export function CopyButton(props: { text: string; label?: string }) {
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
      aria-label={`Copy ${props.label ?? ''}`.trim()}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  )
}
