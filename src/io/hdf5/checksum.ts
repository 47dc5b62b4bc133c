/**
 * Bob Jenkins' lookup3 `hashlittle` over `length` bytes from `start`, the checksum that HDF5
 * stores after version-2 superblocks, version-2 object headers and the newer index structures.
 * Returns an unsigned 32-bit integer.
 */
export function lookup3Checksum(bytes: Uint8Array, start: number, length: number, initialValue = 0): number {
  let a = (0xdeadbeef + length + initialValue) | 0;
  let b = a;
  let c = a;
  let i = start;
  let remaining = length;
  while (remaining > 12) {
    a = (a + (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24))) | 0;
    b = (b + (bytes[i + 4] | (bytes[i + 5] << 8) | (bytes[i + 6] << 16) | (bytes[i + 7] << 24))) | 0;
    c = (c + (bytes[i + 8] | (bytes[i + 9] << 8) | (bytes[i + 10] << 16) | (bytes[i + 11] << 24))) | 0;
    a = (a - c) | 0;
    a ^= rotate(c, 4);
    c = (c + b) | 0;
    b = (b - a) | 0;
    b ^= rotate(a, 6);
    a = (a + c) | 0;
    c = (c - b) | 0;
    c ^= rotate(b, 8);
    b = (b + a) | 0;
    a = (a - c) | 0;
    a ^= rotate(c, 16);
    c = (c + b) | 0;
    b = (b - a) | 0;
    b ^= rotate(a, 19);
    a = (a + c) | 0;
    c = (c - b) | 0;
    c ^= rotate(b, 4);
    b = (b + a) | 0;
    i += 12;
    remaining -= 12;
  }
  if (remaining === 0) return c >>> 0;
  // The tail adds the last 1–12 bytes little-endian into a, b, c (missing bytes count as zero).
  const word = (offset: number): number => {
    let value = 0;
    for (let k = 3; k >= 0; k--) {
      value = (value << 8) | (offset + k < remaining ? bytes[i + offset + k] : 0);
    }
    return value;
  };
  a = (a + word(0)) | 0;
  if (remaining > 4) b = (b + word(4)) | 0;
  if (remaining > 8) c = (c + word(8)) | 0;
  c ^= b;
  c = (c - rotate(b, 14)) | 0;
  a ^= c;
  a = (a - rotate(c, 11)) | 0;
  b ^= a;
  b = (b - rotate(a, 25)) | 0;
  c ^= b;
  c = (c - rotate(b, 16)) | 0;
  a ^= c;
  a = (a - rotate(c, 4)) | 0;
  b ^= a;
  b = (b - rotate(a, 14)) | 0;
  c ^= b;
  c = (c - rotate(b, 24)) | 0;
  return c >>> 0;
}

function rotate(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}
