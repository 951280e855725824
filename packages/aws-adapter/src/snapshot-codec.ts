import { InvalidSnapshotError, type MachineSnapshot } from '@biztech/payments-core';

/**
 * Checks a stored snapshot before any machine sees it: ours (`machine`), a schema this code knows,
 * and the version the item's version attribute says (the one conditions compare).
 *
 * @throws InvalidSnapshotError
 */
export function readSnapshot<T extends MachineSnapshot<unknown>>(
  stored: unknown,
  machine: T['machine'],
  storedVersion: unknown,
): T {
  const s = stored as Partial<MachineSnapshot<unknown>> | null;
  if (typeof s !== 'object' || s === null) throw new InvalidSnapshotError('stored snapshot is not a map');
  if (s.schemaVersion !== 1) {
    throw new InvalidSnapshotError(`unknown snapshot schemaVersion ${String(s.schemaVersion)}`);
  }
  if (s.machine !== machine) {
    throw new InvalidSnapshotError(`stored snapshot is of ${String(s.machine)}, expected ${machine}`);
  }
  if (typeof s.value !== 'string' || typeof s.context !== 'object' || s.context === null) {
    throw new InvalidSnapshotError('stored snapshot needs a string value and a map context');
  }
  if (typeof s.version !== 'number' || s.version !== storedVersion) {
    throw new InvalidSnapshotError(
      `stored snapshot version ${String(s.version)} differs from the item's ${String(storedVersion)}`,
    );
  }
  return s as T;
}
