// Shop-floor figures derived from the API's records, shared by the views.
import { list } from '/ui/api.js';

/** Released and in-progress work orders: the ones with work on the floor. */
export async function activeOrders() {
  const [released, inProgress] = await Promise.all([list('/workorders?status=Released'), list('/workorders?status=InProgress')]);
  return [...released, ...inProgress];
}

/**
 * Each serial's next operation in the active orders: `ready` (pending, every earlier operation
 * complete: it waits in its work centre's queue) or `running` (in progress). Scrapped serials
 * have none.
 */
export function nextOperations(orders) {
  const result = [];
  for (const order of orders) {
    const bySerial = new Map();
    for (const operation of order.operations) {
      if (!bySerial.has(operation.serial)) bySerial.set(operation.serial, []);
      bySerial.get(operation.serial).push(operation);
    }
    for (const [serial, operations] of bySerial) {
      operations.sort((a, b) => a.operationNumber - b.operationNumber);
      if (operations.some((o) => o.status === 'Scrapped' || o.scrapReason)) continue;
      const next = operations.find((o) => o.status !== 'Completed');
      if (!next) continue;
      if (next.status === 'Pending') result.push({ order, serial, operation: next, ready: true });
      else if (next.status === 'InProgress') result.push({ order, serial, operation: next, ready: false });
    }
  }
  const rank = { Critical: 0, High: 1, Normal: 2, Low: 3 };
  return result.sort((a, b) => (rank[a.order.priority] ?? 2) - (rank[b.order.priority] ?? 2)
    || (a.order.releasedAt || '').localeCompare(b.order.releasedAt || '') || a.serial.localeCompare(b.serial));
}

export function byWorkCenter(items, key) {
  const groups = new Map();
  for (const item of items) {
    const name = key(item);
    if (!groups.has(name)) groups.set(name, []);
    groups.get(name).push(item);
  }
  return groups;
}
