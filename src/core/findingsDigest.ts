/**
 * A digest of a transcript's findings, known without serialising them again.
 * The outcome memo (run/outcomeMemo.ts) hashes each outcome it keeps and
 * reads the hash back with it; the writer keys a transcript's file by its
 * findings (write/index.ts), and for the files a re-run answers from the memo
 * that hash was a fifth of the re-run's writing.
 *
 * Known by the identity of the findings list: a step that changes findings
 * (a review's addition, a participant's segment, a renamed id) makes a new
 * list, which has no digest and is serialised as before. A findings list is
 * never changed in place but for sharing equal strings (run/sharedStrings.ts).
 * A result whose findings the memo keeps unread (run/keptFindings.ts) is
 * known by the result itself until they are read or replaced; ask
 * resultFindingsDigest, which knows both.
 */
const digests = new WeakMap<readonly object[], string>();

export function rememberFindingsDigest(findings: readonly object[], digest: string): void {
  digests.set(findings, digest);
}

export function findingsDigestOf(findings: readonly object[]): string | undefined {
  return digests.get(findings);
}

/** A result whose findings are not read yet (run/keptFindings.ts) is known by the result itself: its digest is asked without reading them. */
const resultDigests = new WeakMap<object, string>();

export function rememberResultDigest(result: object, digest: string): void {
  resultDigests.set(result, digest);
}

/** The result's findings were replaced: the digest it was known by names them no longer. */
export function forgetResultDigest(result: object): void {
  resultDigests.delete(result);
}

/** The digest of a transcript result's findings: the result's own when kept unread, else its findings list's. */
export function resultFindingsDigest(result: { findings: readonly object[] }): string | undefined {
  return resultDigests.get(result) ?? digests.get(result.findings);
}
