// Renders the document as TypeScript types with openapi-typescript; the generator and the staleness test share it.
import openapiTS, { astToString } from 'openapi-typescript';

/** Where the generated types live, relative to the package. */
export const GENERATED = 'src/generated/openapi.ts';

const HEADER = `/**
 * Types of the Slipway Platform Apps API, generated from its OpenAPI document by \`npm run generate -w @slipway/client\`.
 * Do not edit: regenerate (a test fails while this file is stale).
 */
`;

/** The generated file's text for a document. */
export async function renderTypes(document) {
  const ast = await openapiTS(document, { alphabetize: true });
  return HEADER + astToString(ast);
}
