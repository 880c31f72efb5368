import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';

/** Request option making client-node send a JSON merge patch (its default for patch calls is a JSON patch). */
export const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
