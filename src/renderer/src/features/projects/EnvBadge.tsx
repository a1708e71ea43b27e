import type { Environment } from '../../../../shared/projects/project'

export function EnvBadge(props: { environment: Environment }) {
  return <span className={`env-badge env-badge--${props.environment}`}>{props.environment}</span>
}
