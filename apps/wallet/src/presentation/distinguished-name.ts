/**
 * The common name of an X.509 distinguished name as @peculiar/x509 prints it (RFC 4514: `C=UT,
 * O=…, CN=Harbour police\, desk 2`), with its escapes undone; the whole name when it has no CN.
 */
export function commonName(subject: string): string {
  const match = /(?:^|,\s*)CN=((?:\\.|[^,\\])+)/.exec(subject);
  if (!match) return subject;
  return match[1]!.replace(/\\(.)/g, '$1').trim();
}
