/**
 * A parquet file's row count, read from its footer without a parquet library:
 * the file ends with the FileMetaData (Thrift compact protocol), its length
 * (4 bytes, little-endian) and `PAR1`; FileMetaData's field 3 is num_rows.
 * Fields 1 (version) and 2 (the schema, a list of structs) come first and are
 * skipped generically. null for anything that is not a readable footer.
 */
import fs from 'node:fs';

/** The footer's num_rows, or null when the file is not parquet (or its footer is unreadable). */
export function parquetRows(file: string): number | null {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    if (size < 12) return null;
    const tail = Buffer.alloc(8);
    fs.readSync(fd, tail, 0, 8, size - 8);
    if (tail.toString('latin1', 4) !== 'PAR1') return null;
    const length = tail.readUInt32LE(0);
    if (length <= 0 || length > size - 12) return null;
    const meta = Buffer.alloc(length);
    fs.readSync(fd, meta, 0, length, size - 8 - length);
    return numRows(new CompactReader(meta));
  } catch {
    return null;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

const I64 = 6;
const STOP = 0;

function numRows(reader: CompactReader): number | null {
  let id = 0;
  for (;;) {
    const header = reader.byte();
    const type = header & 0x0f;
    if (type === STOP) return null;
    const delta = header >> 4;
    id = delta === 0 ? reader.zigzag() : id + delta;
    if (id === 3 && type === I64) return reader.zigzag();
    reader.skip(type);
  }
}

/** Just enough of Thrift's compact protocol to walk over fields. */
class CompactReader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}

  byte(): number {
    if (this.at >= this.buf.length) throw new Error('parquet footer ends early');
    return this.buf[this.at++]!;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return value;
      scale *= 128;
    }
  }

  zigzag(): number {
    const n = this.varint();
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  skip(type: number): void {
    switch (type) {
      case 1: case 2: return; // booleans live in the field header
      case 3: this.at += 1; return;
      case 4: case 5: case 6: this.varint(); return;
      case 7: this.at += 8; return;
      case 8: {
        // Not `this.at += this.varint()`: that reads `at` before the varint moves it.
        const length = this.varint();
        this.at += length;
        return;
      }
      case 9: case 10: {
        const header = this.byte();
        const count = header >> 4 === 15 ? this.varint() : header >> 4;
        for (let i = 0; i < count; i++) this.skipElement(header & 0x0f);
        return;
      }
      case 11: {
        const count = this.varint();
        if (count === 0) return;
        const kinds = this.byte();
        for (let i = 0; i < count; i++) {
          this.skipElement(kinds >> 4);
          this.skipElement(kinds & 0x0f);
        }
        return;
      }
      case 12: {
        for (;;) {
          const header = this.byte();
          if ((header & 0x0f) === STOP) return;
          if (header >> 4 === 0) this.zigzag();
          this.skip(header & 0x0f);
        }
      }
      default:
        throw new Error(`unknown thrift type ${type}`);
    }
  }

  /** Elements of lists and maps: a boolean is a whole byte there. */
  private skipElement(type: number): void {
    if (type === 1 || type === 2) this.at += 1;
    else this.skip(type);
  }
}
