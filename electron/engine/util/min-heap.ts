/**
 * A binary min-heap of numbers: O(log n) push and pop, where a sorted array
 * with insertion costs O(n) a step and so O(n²) over a wide graph.
 */

/** See the file comment. */
export class MinHeap {
  private readonly items: number[] = [];

  /** How many numbers it holds. */
  get size(): number {
    return this.items.length;
  }

  /** Adds `value`. */
  push(value: number): void {
    const items = this.items;
    let i = items.length;
    items.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]! <= value) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = value;
  }

  /** Removes and returns the smallest number, or undefined when empty. */
  pop(): number | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const smallest = items[0]!;
    const last = items.pop()!;
    const n = items.length;
    if (n === 0) return smallest;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && items[right]! < items[left]! ? right : left;
      if (items[child]! >= last) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = last;
    return smallest;
  }
}
