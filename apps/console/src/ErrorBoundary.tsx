import { Component, type ReactNode } from 'react';

/** A page that fails to render says so and leaves the rest of the console working. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, { error: Error | null; resetKey: string }> {
  state = { error: null as Error | null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  static getDerivedStateFromProps(props: { resetKey: string }, state: { resetKey: string }) {
    return props.resetKey === state.resetKey ? null : { error: null, resetKey: props.resetKey };
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <div role="alert" className="problem">
        <strong>This page could not be shown</strong>
        <p>{this.state.error.message}</p>
      </div>
    );
  }
}
