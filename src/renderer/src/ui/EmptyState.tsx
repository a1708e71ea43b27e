import type { ReactNode } from 'react'

export function EmptyState(props: {
  icon?: ReactNode
  title: string
  children?: ReactNode
  action?: ReactNode
}) {
  return (
    <div className="empty-state" role="status">
      {props.icon && <div className="empty-state__icon">{props.icon}</div>}
      <h2>{props.title}</h2>
      {props.children && <div className="empty-state__body">{props.children}</div>}
      {props.action}
    </div>
  )
}
