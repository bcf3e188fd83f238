/** The last component of a path (`/usr/bin/node` → `node`); the whole string when it has no `/`. */
export function baseName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? path : path.slice(slash + 1);
}
