import { isUuid, normalizeName, parseAppKey } from '../domain/names.js';
import { newId } from '../../../kernel/ids.js';
import { toPage, type Page, type PageRequest } from '../../../kernel/paging.js';
import type { AuditEntry } from '../domain/records.js';
import type { PlatformEvent } from '../../../kernel/payloads.js';
import type { AuditFilter } from '../store.js';
import type { TransactionalSubscriber, UnitOfWork } from '../../../kernel/unit-of-work.js';
import { trailingWrite } from '../../../kernel/store.js';

/** Writes one audit row per event, in the transaction of the change it records. */
export const recordAudit: TransactionalSubscriber = async (tx, event: PlatformEvent) => {
  const p = event.payload as { app?: { name: string; id: string }; space?: { name: string } };
  const entry: AuditEntry = {
    id: newId(),
    action: event.action,
    app_id: p.app?.id ?? event.app_id ?? null,
    app_name: p.app?.name ?? null,
    space_name: p.space?.name ?? null,
    username: event.username,
    payload: event.payload as Record<string, unknown>,
    created_at: event.at,
  };
  // Nothing reads its answer: it may leave with the transaction's COMMIT.
  await trailingWrite(tx, tx.audits.insert(entry));
};

/** The audit log, filtered by app (id, key or name), space and user. */
export class AuditService {
  constructor(private readonly uow: UnitOfWork) {}

  /** A page of audit entries matching every given filter. */
  async list(query: { app?: string; space?: string; user?: string }, page: PageRequest): Promise<Page<AuditEntry>> {
    const filter: AuditFilter = {};
    // `app` is an id, a `{name}-{space}` key, or a bare name (in any space unless `space` says which).
    if (query.app && isUuid(query.app)) filter.app_id = query.app.toLowerCase();
    else if (query.app) {
      const key = parseAppKey(query.app);
      filter.app_name = key ? key.name : normalizeName(query.app);
      if (key) filter.space_name = key.space;
    }
    if (query.space) filter.space_name = normalizeName(query.space);
    if (query.user) filter.username = query.user;
    const rows = await this.uow.read((tx) => tx.audits.list(filter, page));
    return toPage(rows, page, (a) => a.id);
  }
}
