// Bytes received in arbitrary chunks, taken back out in exact lengths. Chunks are kept as they
// came and joined once per taken range, so a large frame written piecewise costs one copy.

const EMPTY = new Uint8Array(0);

export class ChunkQueue {
  #chunks: Uint8Array[] = [];
  /** Index of the first unread chunk (consumed ones are dropped in batches, not one shift each). */
  #head = 0;
  /** Offset of the first unread byte in #chunks[#head]. */
  #offset = 0;
  #buffered = 0;

  get buffered(): number {
    return this.#buffered;
  }

  push(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    this.#chunks.push(chunk);
    this.#buffered += chunk.byteLength;
  }

  /** The next `length` bytes (caller checked `buffered`): a view when one chunk holds them all. */
  take(length: number): Uint8Array {
    this.#buffered -= length;
    const first = this.#chunks[this.#head]!;
    const available = first.byteLength - this.#offset;
    if (length <= available) {
      const bytes = first.subarray(this.#offset, this.#offset + length);
      this.#advance(first, length);
      return bytes;
    }
    const out = new Uint8Array(length);
    let written = 0;
    while (written < length) {
      const chunk = this.#chunks[this.#head]!;
      const count = Math.min(chunk.byteLength - this.#offset, length - written);
      out.set(chunk.subarray(this.#offset, this.#offset + count), written);
      written += count;
      this.#advance(chunk, count);
    }
    return out;
  }

  clear(): void {
    this.#chunks = [];
    this.#head = 0;
    this.#offset = 0;
    this.#buffered = 0;
  }

  #advance(chunk: Uint8Array, count: number): void {
    this.#offset += count;
    if (this.#offset === chunk.byteLength) {
      this.#chunks[this.#head++] = EMPTY;
      this.#offset = 0;
      if (this.#head === this.#chunks.length) {
        this.#chunks.length = 0;
        this.#head = 0;
      } else if (this.#head >= 64 && this.#head * 2 >= this.#chunks.length) {
        this.#chunks = this.#chunks.slice(this.#head);
        this.#head = 0;
      }
    }
  }
}
