/**
 * The V8 limits of the core's threads (worker resourceLimits), in one place: the bench's first-sync
 * case runs its core with the writer's (bench/lib/children.ts), as the app runs it.
 *
 * The writer's young generation bounded: a pull's garbage is a page of records at a time, and
 * Node 24's V8 lets a thread's young generation grow to twice Node 20's (64 MB of new space
 * against 32), which put about 20 to 80 MB more on the process's resident memory during a first
 * sync (bench case 8b, issue 21). 16 MB still holds a few pages' garbage between collections.
 *
 * Its old generation given a ceiling, 1 GB, for how V8 grows it rather than for the ceiling itself:
 * after each full collection V8 lets the old generation grow to its live size times a factor, 4 on
 * a heap allowed its default size, but scaled down to between 1.3 and 2 for a heap allowed less
 * than that (heap-controller.cc, MaxGrowingFactor). A pull keeps 30 to 60 MB alive and makes
 * garbage fast, so at 4 the heap reached 140 to 190 MB before each collection, and the process's
 * resident memory kept that high mark; under 1 GB it stays under about 90 MB (first sync of
 * 100,000 jobs: case 8 211 MB instead of 271-299, case 8b 262 instead of 341-345, case 1 no slower).
 * At 2 GB the factor is 4 again here (case 8 299 MB). What the writer keeps alive grows with the
 * mirror (a pass's ids, one page of records; its rows live in SQLite, off the heap): about 300 MB
 * at a million jobs, well under the ceiling.
 */
export const WRITER_LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 1024 };

/**
 * A reader's young generation kept small: its garbage is a few pages of rows at a time, and V8's
 * default let each reader's resident memory grow by about 30 MB before collecting (bench case 8b).
 */
export const READER_LIMITS = { maxYoungGenerationSizeMb: 4 };
