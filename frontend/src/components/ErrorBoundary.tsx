import { Component, type ErrorInfo, type ReactNode } from "react";
import { ErrorState } from "./ui";

interface Props {
  children: ReactNode;
  resetKey?: string;
}

interface State {
  error: unknown;
  key: string | undefined;
}

/** Catches a screen's render error (or a chunk that failed to load) and offers a reload. */
export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error("screen failed", error, info.componentStack);
  }

  render() {
    if (this.state.error) {
      return <ErrorState error={this.state.error} title="This screen failed to load" onRetry={() => window.location.reload()} />;
    }
    return this.props.children;
  }
}
