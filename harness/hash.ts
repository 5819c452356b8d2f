/** Content hashes for trial identity (node:crypto: Deno's std is not reachable here). */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

export function sha256(text: string | Uint8Array): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * JSON with object keys sorted (RFC 8785, by the canonicalize package), so equal configs hash
 * equally whatever their key order; an undefined member is left out, as JSON.stringify does.
 */
export function canonicalJson(v: unknown): string {
  const text = canonicalize(v);
  if (text === undefined) throw new Error("canonicalJson: the value has no JSON form");
  return text;
}
