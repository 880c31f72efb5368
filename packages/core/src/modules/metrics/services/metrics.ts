import { DriverUnavailableError } from '../../../errors.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';
import { requireApp } from '../../foundation/services/resolve.js';
import type { RuntimeDriver } from '../../deploys/ports/runtime-driver.js';
import { hasRuntimeMetrics, METRIC_NAMES, type MetricSeries, type MetricsRange } from '../../deploys/ports/runtime-metrics.js';

/** App metrics from the runtime's optional RuntimeMetrics capability. */
export class MetricsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly runtime: () => RuntimeDriver | undefined,
  ) {}

  /**
   * Every metric name with its samples (an empty object where the runtime had none). DriverUnavailableError (503)
   * when there is no runtime or it does not report metrics: an empty answer would read as "no usage".
   */
  async metrics(appRef: string, range: MetricsRange): Promise<Record<string, Record<string, number>>> {
    const view = await this.uow.read((tx) => requireApp(tx, appRef));
    const runtime = this.runtime();
    if (!runtime) throw new DriverUnavailableError('No runtime driver is configured, so there are no metrics.');
    if (!hasRuntimeMetrics(runtime)) throw new DriverUnavailableError('This runtime does not report metrics.');
    const series: MetricSeries = await runtime.metrics({ app: { id: view.app.id, name: view.app.name }, space: { id: view.space.id, name: view.space.name } }, range);
    return Object.fromEntries(METRIC_NAMES.map((name) => [name, series[name] ?? {}]));
  }
}
