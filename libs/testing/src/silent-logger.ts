interface LogLine {
  level: string;
  obj: object;
  msg?: string;
}

/** Collects what a component logs (pino's signature), so tests can assert on it and nothing is printed. */
export function recordingLogger() {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (obj: object, msg?: string) => void lines.push({ level: 'info', obj, msg }),
    warn: (obj: object, msg?: string) => void lines.push({ level: 'warn', obj, msg }),
    error: (obj: object, msg?: string) => void lines.push({ level: 'error', obj, msg }),
  };
}
