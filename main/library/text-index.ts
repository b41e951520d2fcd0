// The trigram text index, filled in the background in small transactions after a scan (building
// it over a million paths takes seconds a scan should not wait for). Rows up to meta 'fts_upto'
// are in it and kept in step by triggers (db-schema.ts); newer rows are searched by their path
// until it reaches them, so a text query is always exact, only slower until then.
import type { Db } from './db.js';

const CHUNK = 5000;
const RETRY_MS = 5000;

export class TextIndexer {
  upto: number;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly st;

  constructor(private readonly db: Db, private readonly onState: (ready: boolean) => void, private readonly onError: (err: unknown) => void = () => undefined) {
    this.st = {
      upto: db.prepare("SELECT v FROM meta WHERE k = 'fts_upto'").pluck(),
      max: db.prepare('SELECT max(rid) FROM entries').pluck(),
      fill: db.prepare('INSERT INTO fts (rowid, hay) SELECT rid, lower(rel) FROM entries WHERE rid > ? AND rid <= ?'),
      next: db.prepare('SELECT rid FROM entries WHERE rid > ? ORDER BY rid LIMIT 1 OFFSET ?').pluck(),
      set: db.prepare("UPDATE meta SET v = ? WHERE k = 'fts_upto'"),
    };
    this.upto = this.st.upto.get() as number;
  }

  get maxRid(): number {
    return (this.st.max.get() as number | null) ?? 0;
  }

  get ready(): boolean {
    return this.upto >= this.maxRid;
  }

  /** While a scan writes, the index waits: building it then would slow the scan down. */
  hold = false;

  /** Fill what is missing soon (after a scan or a batch of changes). */
  schedule(delayMs = 200): void {
    if (this.closed || this.hold || this.timer || this.ready) return;
    this.onState(false);
    this.timer = setTimeout(() => this.step(), delayMs);
    this.timer.unref();
  }

  /** One chunk per turn of the event loop, so queries keep answering while it fills. */
  private step(): void {
    this.timer = null;
    if (this.closed || this.hold) return;
    try {
      this.fill();
    } catch (err) {
      // A full disk (or another failure to write): try again later; searches stay exact meanwhile.
      this.timer = setTimeout(() => this.step(), RETRY_MS);
      this.timer.unref();
      this.onError(err);
      return;
    }
    if (this.ready) this.onState(true);
    else {
      this.timer = setTimeout(() => this.step(), 0);
      this.timer.unref();
    }
  }

  private fill(): void {
    this.db.transaction(() => {
      // Read again: another connection to the file (a test's second Library) may have moved it.
      this.upto = this.st.upto.get() as number;
      const end = (this.st.next.get(this.upto, CHUNK - 1) as number | undefined) ?? this.maxRid;
      this.st.fill.run(this.upto, end);
      this.st.set.run(end);
      this.upto = end;
    })();
  }

  /** Build it all now (tests, the benchmark). */
  finish(): void {
    while (!this.closed && !this.ready) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.fill();
    }
    if (this.ready) this.onState(true);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
