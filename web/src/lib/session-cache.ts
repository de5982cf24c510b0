// What a screen keeps between renders for the signed-in user (unit names, progress, the indicator
// catalogue) lives only as long as the session: every such cache is made or registered here and
// emptied when the user signs out, when the session expires and when someone signs in, so the
// next user of the same browser never sees what the last one could read.
const clears: (() => void)[] = [];

/** A map emptied when the session ends. */
export function sessionMap<K, V>(): Map<K, V> {
  const m = new Map<K, V>();
  clears.push(() => m.clear());
  return m;
}

/** Registers how to forget a value kept outside a map (a promise held in a module variable). */
export function onSessionEnd(clear: () => void): void {
  clears.push(clear);
}

export function clearSessionCaches(): void {
  for (const clear of clears) clear();
}
