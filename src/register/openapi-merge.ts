type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Document {
  paths?: Record<string, Json>;
  components?: Record<string, Record<string, Json>>;
  security?: Json[];
}

const OPERATIONS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * Adds another OpenAPI document's paths (under a path prefix) and components (renamed with a name prefix,
 * every $ref rewritten) to a base document, so one /api/openapi.json describes every API of the portal
 * even where the documents' component names clash. The other document's top-level security moves onto
 * each of its operations (the base's top level, if any, would otherwise govern them), its scheme names
 * renamed like the components.
 */
export function mergeOpenApi(base: Document, other: Document, pathPrefix: string, namePrefix: string): Document {
  const rewrite = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        key === '$ref' && typeof inner === 'string'
          ? inner.replace(/^#\/components\/([^/]+)\/(.+)$/, `#/components/$1/${namePrefix}$2`)
          : rewrite(inner),
      ]),
    );
  };
  const components: Record<string, Record<string, Json>> = { ...(base.components ?? {}) };
  for (const [kind, entries] of Object.entries(other.components ?? {})) {
    components[kind] = {
      ...(components[kind] ?? {}),
      ...Object.fromEntries(Object.entries(entries).map(([name, value]) => [`${namePrefix}${name}`, rewrite(value)])),
    };
  }
  const renamedSchemes = (requirements: Json[]): Json[] =>
    requirements.map((requirement) =>
      requirement !== null && typeof requirement === 'object' && !Array.isArray(requirement)
        ? Object.fromEntries(Object.entries(requirement).map(([scheme, scopes]) => [`${namePrefix}${scheme}`, scopes]))
        : requirement,
    );
  const secured = (item: Json): Json => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    return Object.fromEntries(
      Object.entries(item).map(([key, operation]) => {
        if (!OPERATIONS.includes(key) || operation === null || typeof operation !== 'object' || Array.isArray(operation))
          return [key, operation];
        const own = Array.isArray(operation['security']) ? operation['security'] : other.security;
        return [key, own === undefined ? operation : { ...operation, security: renamedSchemes(own) }];
      }),
    );
  };
  const paths = {
    ...(base.paths ?? {}),
    ...Object.fromEntries(Object.entries(other.paths ?? {}).map(([path, item]) => [`${pathPrefix}${path}`, secured(rewrite(item))])),
  };
  return { ...base, paths, components };
}
