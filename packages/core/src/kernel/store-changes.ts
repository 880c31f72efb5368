/**
 * How a store tells its readers that committed data changed, so a cache of answers built from stored data is kept
 * only while nothing it could depend on changed. Coarse on purpose: any committed write to data an answer can show
 * changes the version, so a cache needs no knowledge of which answer reads which table.
 */
export interface StoreChanges {
  /**
   * The data's version, read after this call began: it differs from any version read before a write that had
   * committed (and whose `transaction` had resolved, on this replica or another sharing the database) by the time
   * this call began. Versions only grow. Null when the store cannot tell right now: cache nothing then.
   */
  current(): Promise<number | null>;
}
