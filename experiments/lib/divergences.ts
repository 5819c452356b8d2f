/**
 * Declared divergences kept in a table by claim id, so that claims built in a loop take theirs
 * by spreading `divergesFrom(table, id)` (nothing for an id the table does not list).
 */
export function divergesFrom(
  reasons: Readonly<Record<string, string>>,
  id: string,
): { diverges?: { reason: string } } {
  return Object.hasOwn(reasons, id) ? { diverges: { reason: reasons[id] } } : {};
}
