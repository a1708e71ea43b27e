import { useState } from 'react'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** A collapsible, keyboard-reachable view of a JSON value; the first two levels start open. */
export function JsonTree(props: { value: unknown }) {
  return (
    <ul className="json-tree" aria-label="JSON body">
      <JsonNode name={null} value={props.value as Json} depth={0} />
    </ul>
  )
}

function JsonNode(props: { name: string | null; value: Json; depth: number }) {
  const { name, value, depth } = props
  const container = value !== null && typeof value === 'object'
  const [open, setOpen] = useState(depth < 2)
  const label = name === null ? null : <span className="json-tree__key">{name}: </span>
  if (!container) {
    return (
      <li>
        {label}
        <Scalar value={value} />
      </li>
    )
  }
  const entries: [string, Json][] = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value)
  const brackets = Array.isArray(value) ? ['[', ']'] : ['{', '}']
  return (
    <li>
      <button type="button" className="json-tree__toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span>
        {label}
        <span className="json-tree__punct">
          {brackets[0]}
          {!open && `${entries.length} ${Array.isArray(value) ? 'items' : 'keys'}${brackets[1]}`}
        </span>
      </button>
      {open && (
        <>
          <ul>
            {entries.map(([k, v]) => (
              <JsonNode key={k} name={Array.isArray(value) ? null : k} value={v} depth={depth + 1} />
            ))}
          </ul>
          <span className="json-tree__punct json-tree__close">{brackets[1]}</span>
        </>
      )}
    </li>
  )
}

function Scalar(props: { value: Json }) {
  const v = props.value
  if (v === null) return <span className="json-tree__null">null</span>
  if (typeof v === 'string') return <span className="json-tree__string">"{v}"</span>
  if (typeof v === 'number') return <span className="json-tree__number">{v}</span>
  return <span className="json-tree__bool">{String(v)}</span>
}
