// xorshift32 (Marsaglia 2003): tiny, fast and identical in every JS engine, so a given seed gives the
// same fill in the Worker and in Node.
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    // A zero state would stay zero forever; mix the seed so nearby seeds diverge quickly.
    let s = (Math.imul(seed | 0, 0x9e3779b1) ^ 0x6d2b79f5) | 0;
    if (s === 0) s = 0x1234567;
    this.state = s;
  }

  nextUint32(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x;
    return x >>> 0;
  }

  /** Integer in [0, n). */
  nextInt(n: number): number {
    return this.nextUint32() % n;
  }
}
