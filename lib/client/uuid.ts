/**
 * A random RFC 4122 version 4 UUID, for every id the browser makes (claims,
 * sources, comments, mutation ids, gold claims).
 *
 * Why not `crypto.randomUUID()`: browsers define it only in secure contexts
 * (https, or http on localhost), so on an office address such as
 * `http://desk.lan:3000` it is `undefined` and every create failed without a
 * word. `crypto.getRandomValues()` is available in every context and is the
 * same cryptographic generator, so the ids are as unguessable as before.
 */
export function newUuid(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  // Version 4 in the high nibble of byte 6; variant 10xx (RFC 4122) in the high bits of byte 8.
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
