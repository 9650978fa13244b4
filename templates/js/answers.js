// answers.js: the browser's half of the answer scheme of src/layout/answers.rs (the same hash,
// keystream and normalisation). A quiz page holds answers only as salted hashes and
// obfuscated text: this deters peeking, it is not security.
const answers = (() => {
  const hash = (text) => {
    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return [h2 >>> 0, h1 >>> 0];
  };
  // The hash of `text` as 16 hex digits, as the page's `data-check` lists them.
  const hex = (text) => hash(text).map((h) => h.toString(16).padStart(8, '0')).join('');
  // The text obfuscated as `code` (base64) with the keystream of `salt` and `purpose`.
  const decode = (salt, purpose, code) => {
    const bytes = Uint8Array.from(atob(code), (c) => c.charCodeAt(0));
    let key;
    for (let i = 0; i < bytes.length; i++) {
      if (i % 8 === 0) key = hash(salt + purpose + i / 8);
      bytes[i] ^= key[(i % 8) >> 2] >>> (24 - 8 * (i % 4));
    }
    return new TextDecoder().decode(bytes);
  };
  // A typed answer as it is hashed: NFC, lower case, no white space.
  const normalize = (text) => text.normalize('NFC').toLowerCase().normalize('NFC').replace(/[\s\u0085]+/g, '');
  return { hex, decode, normalize };
})();
