/**
 * Source offsets → 1-based line and column. A line ends at "\n", "\r\n" or a lone "\r" (YAML 1.2 §5.4 reads all
 * three as line breaks, and so does the parser), so a file saved with old Mac line endings is reported at the line
 * an editor shows.
 *
 * Offsets are asked for in nearly ascending order (the parser's events follow the text), so the lookup walks on from
 * the last line it found and only falls back to a binary search when asked to go back.
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  private last = 0;

  constructor(text: string) {
    for (let at = 0; at < text.length; at++) {
      const c = text.charCodeAt(at);
      if (c === 0x0a) this.starts.push(at + 1);
      else if (c === 0x0d) {
        if (text.charCodeAt(at + 1) === 0x0a) at++;
        this.starts.push(at + 1);
      }
    }
  }

  /** 0-based index of the line holding `offset`. */
  lineOf(offset: number): number {
    const starts = this.starts;
    let line = this.last;
    if (offset < starts[line]!) line = this.search(offset);
    else while (line + 1 < starts.length && starts[line + 1]! <= offset) line++;
    this.last = line;
    return line;
  }

  /** 1-based line of `offset`. */
  line(offset: number): number {
    return this.lineOf(offset) + 1;
  }

  /** 1-based column of `offset` (in UTF-16 code units, as editors count for most text). */
  column(offset: number): number {
    return offset - this.starts[this.lineOf(offset)]! + 1;
  }

  private search(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}
