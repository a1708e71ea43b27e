import type { ReactNode } from 'react'

/** A labelled form field with its error right under it, announced to screen readers. */
export function Field(props: {
  id: string
  label: string
  error?: string | undefined
  hint?: ReactNode
  children: ReactNode
}) {
  return (
    <div className={props.error ? 'field field--invalid' : 'field'}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.children}
      {props.error ? (
        <p className="field__error" id={`${props.id}-error`} role="alert">
          {props.error}
        </p>
      ) : (
        props.hint && <p className="field__hint">{props.hint}</p>
      )}
    </div>
  )
}
