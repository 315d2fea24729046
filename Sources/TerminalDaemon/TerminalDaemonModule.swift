/// Placeholder while the target is written; replaced by its real sources.
public enum TerminalDaemonModule {}
