import type { StoreModule } from '../../store-module.js';
import { Migration0007Pipelines } from './0007-pipelines.js';
import { pipelineCouplingRepo, pipelinePromotionRepo, pipelineRepo, promotionTargetRepo, releaseStatusRepo } from './pipelines.js';

/** The pipelines module's Store part: pipelines, couplings, promotions, their targets and release status checks. */
export const pipelinesStore: StoreModule = {
  name: 'pipelines',
  repositories: {
    pipelines: pipelineRepo,
    pipelineCouplings: pipelineCouplingRepo,
    pipelinePromotions: pipelinePromotionRepo,
    promotionTargets: promotionTargetRepo,
    releaseStatuses: releaseStatusRepo,
  },
  migrations: [{ name: '0007_pipelines', class: Migration0007Pipelines }],
};
