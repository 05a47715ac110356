/** Graph writes the same call id as "57dab8b1-894c-…" and "57DAB8B1894C…": compare and index ids in one form. */
export function canonicalCallId(id: string): string {
  return id.toLowerCase().replace(/[{}-]/g, '');
}

export function sameCall(a: string, b: string): boolean {
  return canonicalCallId(a) === canonicalCallId(b);
}
