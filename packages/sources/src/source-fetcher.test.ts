import { sourceFetcherContract } from '@slipway/testkit';
import { streamingSourceFetcher } from './source-fetcher.js';

sourceFetcherContract('@slipway/sources', () => streamingSourceFetcher(), { zip: true });
