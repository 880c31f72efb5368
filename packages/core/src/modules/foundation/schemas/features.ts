import { z } from 'zod';
import type { FeatureDefinition } from '../domain/catalog.js';

/** PATCH /apps/{app}/features/{feature} body. */
export const FeatureUpdate = z.object({ enabled: z.boolean({ error: 'enabled must be a boolean' }) });

/** A feature of an app as the API shows it. */
export const FeatureResponse = z
  .object({
    description: z.string(),
    doc_url: z.string(),
    id: z.string(),
    state: z.string(),
    name: z.string(),
    display_name: z.string(),
    feedback_email: z.string(),
    enabled: z.boolean(),
  })
  .meta({ id: 'Feature' });

/** Wire shape of one feature for one app. */
export function presentFeature(f: FeatureDefinition, enabled: boolean): z.infer<typeof FeatureResponse> {
  return {
    description: f.description,
    doc_url: f.doc_url,
    id: f.id,
    state: f.state,
    name: f.name,
    display_name: f.display_name,
    feedback_email: f.feedback_email,
    enabled,
  };
}
