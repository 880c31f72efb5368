import { v7 as uuidv7 } from 'uuid';

/** A new record id: UUIDv7, so id order is creation order and lists paginate stably by id. */
export function newId(): string {
  return uuidv7();
}
