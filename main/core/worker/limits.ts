/**
 * The V8 limits of the core's threads (worker resourceLimits), in one place: the bench's first-sync
 * case runs its core with the writer's (bench/lib/children.ts), as the app runs it.
 *
 * The writer's young generation bounded: a pull's garbage is a page of records at a time, and
 * Node 24's V8 lets a thread's young generation grow to twice Node 20's (64 MB of new space
 * against 32), which put about 20 to 80 MB more on the process's resident memory during a first
 * sync (bench case 8b, issue 21). 16 MB still holds a few pages' garbage between collections.
 */
export const WRITER_LIMITS = { maxYoungGenerationSizeMb: 16 };

/**
 * A reader's young generation kept small: its garbage is a few pages of rows at a time, and V8's
 * default let each reader's resident memory grow by about 30 MB before collecting (bench case 8b).
 */
export const READER_LIMITS = { maxYoungGenerationSizeMb: 4 };
