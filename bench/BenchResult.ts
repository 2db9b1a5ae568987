/** One side-by-side load run: the gateway with its privacy layer (on) and the same resolvers without it (off). */
export interface EnforcementFigures {
  onRps: number;
  offRps: number;
  /** on/off throughput, the median over rounds: the share of plain Apollo throughput the privacy layer keeps. */
  ratio: number;
  onP99Ms: number;
  offP99Ms: number;
}

/** Calls counted AT each source for one `subjects` query. */
export interface SourceCallFigures {
  orders: number;
  payments: number;
  support: number;
}

/** Everything `npm run bench -- --json` prints, as one object (keys are stable: the test checks them). */
export interface BenchResult {
  enforcement: {
    single: EnforcementFigures;
    longList: EnforcementFigures;
    batch100: EnforcementFigures;
  };
  sourceCalls: Record<'1' | '10' | '100' | '1000', SourceCallFigures>;
  fanout: {
    /** Resolution rounds one query needed (each round is one call per source, in parallel). */
    rounds: number;
    injectedMs: number;
    observedMs: number;
    /** observedMs / (rounds × injectedMs): 1 means sources of a round were waited on together. */
    ratio: number;
  };
  erasure: {
    subjects: number;
    perSecond: number;
    /** Per-subject cost of the large run over that of the small one: 1 means linear. */
    costRatio: number;
  };
  scale: {
    /** Generated subjects of the large gateway (SEED_SUBJECTS). */
    subjects: number;
    /** Median subject lookup (every source) at 1 000 subjects, and at `subjects`. */
    p50Ms1k: number;
    p50Ms: number;
    /** p50Ms / p50Ms1k: 1 means a lookup's cost does not grow with the data. */
    ratio: number;
    /** Start-up of the large gateway, seeding included (bulk inserts into every demo source). */
    seedSeconds: number;
  };
  export: {
    /** Peak heap growth (heapUsed + external, MB) over the baseline, while exporting 100 records. */
    peakMb100: number;
    peakMb10k: number;
  };
}

/** How big and how long: the full run (`npm run bench`) and the smoke run (`--quick`, in the test suite). */
export interface BenchSettings {
  readonly quick: boolean;
  /** Seconds of load per autocannon run. */
  readonly seconds: number;
  /** Responses per run instead of a duration (the smoke run). */
  readonly amount?: number;
  /** Rounds per scenario, each an off and an on run back to back (see measureEnforcement). */
  readonly rounds: number;
  readonly connections: number;
  /** Generated subjects seeded into the bench gateway (SEED_SUBJECTS). */
  readonly seedSubjects: number;
  /** Orders of the long-list subject. */
  readonly longList: number;
  /** Ref counts of the source-call measurement. */
  readonly refCounts: readonly [number, number, number, number];
  readonly fanoutDelayMs: number;
  readonly fanoutSamples: number;
  /** Subjects erased in the small and the large erasure runs. */
  readonly erasures: readonly [number, number];
  /** Records of the small and the large export. */
  readonly exportRecords: readonly [number, number];
  /** Generated subjects of the large scale gateway, and lookups measured on each side. */
  readonly scaleSubjects: number;
  readonly scaleSamples: number;
}

export const FULL: BenchSettings = {
  quick: false,
  // Nine short rounds rather than five long ones: one round's on/off ratio moves by ±0.2 on 2
  // cores (a GC, a background check, the scheduler), and the median of nine moves less.
  seconds: 3,
  rounds: 9,
  // Enough to keep one event loop busy while requests wait on the sources; more only queues.
  connections: 4,
  seedSubjects: 1200,
  longList: 1000,
  refCounts: [1, 10, 100, 1000],
  fanoutDelayMs: 100,
  fanoutSamples: 10,
  erasures: [100, 1000],
  exportRecords: [100, 10_000],
  scaleSubjects: 100_000,
  scaleSamples: 200,
};

/** Every figure, at sizes that run in seconds: it keeps the benchmark from rotting, it measures nothing. */
export const QUICK: BenchSettings = {
  quick: true,
  seconds: 1,
  amount: 12,
  rounds: 1,
  connections: 4,
  seedSubjects: 1200,
  longList: 100,
  refCounts: [1, 10, 100, 1000],
  fanoutDelayMs: 100,
  fanoutSamples: 2,
  erasures: [10, 20],
  exportRecords: [100, 1000],
  scaleSubjects: 2000,
  scaleSamples: 4,
};
