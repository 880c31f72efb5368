/** Where the generated types live, relative to the package. */
export const GENERATED: string;
/** The generated file's text for a document. */
export function renderTypes(document: Record<string, unknown>): Promise<string>;
