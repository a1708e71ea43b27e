import { Component, type ErrorInfo, type ReactNode } from 'react'

interface State {
  error: Error | null
}

/** A render crash shows what went wrong and a way back, never a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode; scope?: string }, State> {
  override state: State = { error: null }

  static getDerivedStateFromError(error: Error): State {
    return { error }
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('render error', this.props.scope ?? 'app', error, info.componentStack)
  }

  override render() {
    const { error } = this.state
    if (!error) return this.props.children
    const details = `${error.name}: ${error.message}\n${error.stack ?? ''}`
    return (
      <div className="crash" role="alert">
        <h1>This screen crashed</h1>
        <p>
          The rest of the console still works. Try again, or reload the window; your data is kept by the main
          process and is not lost.
        </p>
        <pre className="crash__details">{details}</pre>
        <div className="row">
          <button
            type="button"
            className="button button--primary"
            onClick={() => this.setState({ error: null })}
          >
            Try again
          </button>
          <button type="button" className="button" onClick={() => location.reload()}>
            Reload window
          </button>
          <button
            type="button"
            className="button"
            onClick={() => void navigator.clipboard.writeText(details)}
          >
            Copy details
          </button>
        </div>
      </div>
    )
  }
}
